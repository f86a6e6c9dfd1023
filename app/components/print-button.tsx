// The one print button of printable pages (certificate, public notice, schedule).
import { useSyncExternalStore } from "react";

/** Shown only once scripts run; without them the browser's own print works the same. */
export function PrintButton({ label, className }: { label: string; className?: string }) {
  // false in the server's HTML and while hydrating, true once scripts run.
  const ready = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  return ready ? (
    <button type="button" className={className} onClick={() => window.print()}>
      {label}
    </button>
  ) : null;
}
