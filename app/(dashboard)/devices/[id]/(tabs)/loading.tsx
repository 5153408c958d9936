import { Skeleton } from "@/components/ui/card";

/** Shown while a device tab page loads (the header and tabs stay). */
export default function DeviceTabLoading() {
  return (
    <div className="space-y-4">
      <Skeleton className="h-24" />
      <Skeleton className="h-64" />
    </div>
  );
}
