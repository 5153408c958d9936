import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

/** Unknown device id. */
export default function DeviceNotFound() {
  return (
    <EmptyState title="Device not found">
      <p>
        It may have been deleted. Back to the{" "}
        <Link href="/devices" className="text-brand underline">
          device list
        </Link>
        .
      </p>
    </EmptyState>
  );
}
