import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

/** Unknown change request id. */
export default function ChangeNotFound() {
  return (
    <EmptyState title="This change request does not exist">
      <Link href="/changes" className="text-brand hover:underline">
        Back to the queue
      </Link>
    </EmptyState>
  );
}
