import { Skeleton } from "@/components/ui/card";

/** Shown while a change page's server component renders. */
export default function ChangesLoading() {
  return (
    <div className="space-y-4">
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-12" />
      <Skeleton className="h-96" />
    </div>
  );
}
