/** The duty screen's alarm sound: a short Web Audio beep (no audio file), and a mute switch kept in localStorage. */
import { useCallback, useSyncExternalStore } from "react";

const KEY = "anguan.alarmSoundMuted";
let ctx: AudioContext | null = null;
let beeps = 0;
const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};

/** Three short 880 Hz tones. Browsers start audio only after a user gesture on the page; before that it stays silent. */
export function beep(times = 3): void {
  beeps++;
  notify();
  try {
    const AC = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AC) return;
    ctx ??= new AC();
    if (ctx.state === "suspended") void ctx.resume().catch(() => {});
    const t0 = ctx.currentTime + 0.01;
    for (let i = 0; i < times; i++) {
      const start = t0 + i * 0.35;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "square";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.27);
    }
  } catch {
    // no audio device: the visual alert remains
  }
}

/** Unlocks audio on the first user gesture (a later alarm can then sound without one). */
export function primeAudio(): void {
  try {
    const AC = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AC) return;
    ctx ??= new AC();
    if (ctx.state === "suspended") void ctx.resume().catch(() => {});
  } catch {}
}

const readMuted = () => {
  try {
    return window.localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
};
let muted = typeof window === "undefined" ? false : readMuted();

function subscribe(cb: () => void) {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** [muted, setMuted, how many times the sound played so far (shown to tests as data-beeps)]. */
export function useAlarmSound(): [boolean, (m: boolean) => void, number] {
  const m = useSyncExternalStore(subscribe, () => muted);
  const count = useSyncExternalStore(subscribe, () => beeps);
  const set = useCallback((v: boolean) => {
    muted = v;
    try {
      window.localStorage.setItem(KEY, v ? "1" : "0");
    } catch {}
    if (!v) primeAudio();
    notify();
  }, []);
  return [m, set, count];
}

/** Sounds unless muted. */
export function alarmSound(): void {
  if (!muted) beep();
}
