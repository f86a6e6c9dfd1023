import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** Looks again every few seconds while something is on its way: grades or hours from the worker, answers from phones, an import. */
export function usePolling(active: boolean, everyMs = 2000) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, revalidator]);
}
