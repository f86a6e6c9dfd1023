// A TV remote has arrows, Enter and sometimes Space, nothing else: the arrows
// move the focus through the screen's controls in reading order, as Tab does.
// And the session's own clock (decision 022): milliseconds since it opened, on
// one monotonic clock, carried on from where the server saw it last.
import { useCallback, useEffect, useRef, type RefObject } from "react";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, [tabindex="0"]';

/** Text fields keep their left and right arrows for the caret; up and down still leave them. */
function keepsArrow(target: HTMLElement, key: string): boolean {
  const isText =
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type));
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  return isText && (key === "ArrowLeft" || key === "ArrowRight");
}

function moveFocus(screen: HTMLElement, event: KeyboardEvent) {
  if (!["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight"].includes(event.key)) return;
  const target = event.target as HTMLElement;
  // The video player's own controls and a radio group handle their arrows themselves.
  if (keepsArrow(target, event.key) || target.closest("mux-player") || (target as HTMLInputElement).type === "radio") return;
  const all = [...screen.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.offsetParent !== null);
  const index = all.indexOf(target);
  const step = event.key === "ArrowDown" || event.key === "ArrowRight" ? 1 : -1;
  const next = all[index === -1 ? 0 : index + step];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

/** The arrows move the focus within `screen` (the keys still reach every control as usual). */
export function useRemoteArrows(screen: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const element = screen.current;
    if (!element) return;
    const onKey = (event: KeyboardEvent) => moveFocus(element, event);
    element.addEventListener("keydown", onKey);
    return () => element.removeEventListener("keydown", onKey);
  }, [screen]);
}

/** Where the session's clock stands now: `startMs` when the screen loaded, then the elapsed time since. */
export function useSessionClock(startMs: number) {
  // Taken when the screen is first shown; a later reload of the page's data does not move it.
  const origin = useRef<{ base: number; at: number } | null>(null);
  const start = useRef(startMs);
  useEffect(() => {
    start.current = startMs;
    origin.current ??= { base: startMs, at: performance.now() };
  }, [startMs]);
  // One clock for the screen's life: a player holding a stretch open must not see it change when the data reloads.
  return useCallback(() => {
    const from = origin.current;
    return from ? Math.round(from.base + performance.now() - from.at) : start.current;
  }, []);
}
