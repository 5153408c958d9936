"use client";

import { useActionState, useState } from "react";
import { addAllowListMacAction } from "@/app/(dashboard)/alerts/allow-list/actions";
import { TextField } from "@/components/devices/form-field";
import { submitWith } from "@/components/ui/submit-with";
import { fieldErrorsOf, PRIMARY, Refusal, SelectField } from "./form-bits";
import type { ScopeChoices } from "./rule-form";

/**
 * "Allow a MAC": the MAC (any of 00:11:22:33:44:55, 00-11-…, stored upper-case with colons), where it is allowed (a
 * site's routers or one device, by name) and a comment. A refused add keeps what was typed; a successful one clears
 * the MAC and says what was stored.
 */
export function AllowListForm({ choices }: { choices: Pick<ScopeChoices, "sites" | "devices"> }) {
  const [state, formAction, pending] = useActionState(addAllowListMacAction, null);
  const [scope, setScope] = useState("site");
  const errors = fieldErrorsOf(state);
  return (
    <form onSubmit={submitWith(formAction)} noValidate className="grid grid-cols-1 gap-3 md:grid-cols-5" data-testid="allow-list-form">
      <div className="md:col-span-5">
        <Refusal state={state} testId="allow-list-error" />
        {state?.ok && (
          <p role="status" className="text-sm text-green-800" data-testid="allow-list-added">
            Added {state.data}.
          </p>
        )}
      </div>
      <TextField
        key={state?.ok ? state.data : "mac"}
        name="macAddress"
        label="MAC address"
        required
        maxLength={17}
        placeholder="00:11:22:33:44:55"
        errors={errors.macAddress}
        autoComplete="off"
        className="font-mono"
      />
      <SelectField name="scope" label="Allowed on" value={scope} onChange={setScope} errors={errors.scope}>
        <option value="site">a site&apos;s routers</option>
        <option value="device">one device</option>
      </SelectField>
      {scope === "site" ? (
        <SelectField name="siteId" label="Site" defaultValue="" errors={errors.siteId}>
          <option value="">Choose a site</option>
          {choices.sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      ) : (
        <TextField name="deviceName" label="Device name" list="allow-device-names" errors={errors.deviceName ?? errors.deviceId} autoComplete="off" />
      )}
      <datalist id="allow-device-names">
        {choices.devices.map((d) => (
          <option key={d} value={d} />
        ))}
      </datalist>
      <TextField name="comment" label="Comment" maxLength={200} errors={errors.comment} autoComplete="off" placeholder="whose, why" />
      <div className="flex items-end">
        <button type="submit" disabled={pending} className={PRIMARY} data-testid="allow-list-add">
          {pending ? "Adding…" : "Allow MAC"}
        </button>
      </div>
    </form>
  );
}
