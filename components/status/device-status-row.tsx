import Link from "next/link";
import { formatBitRate } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { DEVICE_PROBLEM_LABELS, type StatusDevice } from "@/lib/status/types";

function MacsecCell({ macsec }: { macsec: StatusDevice["macsec"] }) {
  if (macsec.total === 0) return <span className="text-slate-500">no links</span>;
  const allSecured = macsec.secured === macsec.total;
  return (
    <div>
      <span className={`font-medium tabular-nums ${allSecured ? "text-green-700" : "text-red-700"}`} data-testid="macsec-count">
        {`${macsec.secured}/${macsec.total} secured`}
      </span>
      {macsec.insecure.length > 0 && (
        <ul className="mt-0.5 text-xs text-slate-600" aria-label="MACsec links not secured">
          {macsec.insecure.map((l) => (
            <li key={l.name}>
              <span className="font-mono">{l.name}</span>
              {` ${macsec.stale ? `last seen ${l.status ?? "unknown"}, device not up` : (l.status ?? "status unknown")}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TrafficCell({ traffic, macvlans, up }: { traffic: StatusDevice["traffic"]; macvlans: number; up: boolean }) {
  if (!traffic) return <span className="text-slate-500">{!up ? "–" : macvlans === 0 ? "no MACVLAN" : "no recent sample"}</span>;
  return (
    <div className="tabular-nums" title={`sum of ${traffic.interfaces} of ${macvlans} MACVLAN interface(s), latest poll`}>
      <span className="whitespace-nowrap">{`↓ ${formatBitRate(traffic.rxBitsPerSecond)}`}</span>
      <span className="ml-2 whitespace-nowrap">{`↑ ${formatBitRate(traffic.txBitsPerSecond)}`}</span>
    </div>
  );
}

/**
 * One device row of a site's status table (server-rendered; a page renders up to a hundred of them, so text is built
 * as one string per element, and the device link does not prefetch: a hundred links in view would each prefetch a
 * device page): state, MACsec links secured/total with the insecure ones,
 * MAC-server sessions, MACVLAN traffic now (rx ↓ / tx ↑ in bits/s), last poll (relative; local time
 * with UTC on hover). `linkDevices` links the name to /devices/<id> (signed-in page only); the poller's
 * last error and an overdue poll are shown when the data carries them (the signed-in page).
 */
export function DeviceStatusRow({ device, linkDevices }: { device: StatusDevice; linkDevices: boolean }) {
  const up = device.status === "up";
  return (
    <tr
      data-testid="status-device"
      data-device={device.name}
      data-problem={device.problem ? "true" : "false"}
      className={device.problem ? "bg-red-50/40" : undefined}
    >
      <th scope="row" className="py-2 pr-3 text-left align-top font-medium">
        {linkDevices && device.id ? (
          <Link href={`/devices/${device.id}`} prefetch={false} className="text-brand hover:underline">
            {device.name}
          </Link>
        ) : (
          <span className="text-slate-900">{device.name}</span>
        )}
        {device.lastError && !up && (
          <p className="mt-0.5 max-w-xs truncate font-mono text-xs font-normal text-red-700" title={device.lastError}>
            {device.lastError}
          </p>
        )}
      </th>
      <td className="py-2 pr-3 align-top">
        <StatusBadge status={device.status} />
      </td>
      <td className="py-2 pr-3 align-top">
        <MacsecCell macsec={device.macsec} />
      </td>
      <td className="py-2 pr-3 text-right align-top tabular-nums" data-testid="sessions">
        {device.sessions === null ? <span className="text-slate-500">–</span> : device.sessions}
      </td>
      <td className="py-2 pr-3 align-top">
        <TrafficCell traffic={device.traffic} macvlans={device.macvlans} up={up} />
      </td>
      <td className="py-2 align-top text-xs text-slate-600">
        <Time value={device.lastPollAt} relative />
        {device.problems?.includes("poll-overdue") && (
          <p className="font-medium text-red-700" data-testid="poll-overdue">
            {`${DEVICE_PROBLEM_LABELS["poll-overdue"]}: last OK `}
            <Time value={device.lastOkAt} relative />
          </p>
        )}
        {device.lastPollAt && (
          <div className="text-slate-500">
            <Time value={device.lastPollAt} />
          </div>
        )}
      </td>
    </tr>
  );
}
