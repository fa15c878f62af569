// Sound and vibration for a verdict. Browsers only play sound after a user gesture: the gate
// calls unlockAudio() on each scan action.
import type { Verdict } from './verdict';

let audio: AudioContext | undefined;
export function unlockAudio() {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    /* no audio */
  }
}

/** One short high beep for pass, three low beeps otherwise; vibration likewise. */
export function signal(kind: Verdict['kind']) {
  try {
    if (audio) {
      const tones = kind === 'pass' ? [[1320, 0, 0.15]] : [[330, 0, 0.18], [330, 0.25, 0.18], [330, 0.5, 0.18]];
      for (const [f, start, dur] of tones) {
        const o = audio.createOscillator();
        const g = audio.createGain();
        o.frequency.value = f;
        o.type = kind === 'pass' ? 'sine' : 'square';
        g.gain.value = 0.2;
        o.connect(g).connect(audio.destination);
        o.start(audio.currentTime + start);
        o.stop(audio.currentTime + start + dur);
      }
    }
  } catch {
    /* ignore */
  }
  try {
    navigator.vibrate?.(kind === 'pass' ? 120 : [200, 100, 200, 100, 200]);
  } catch {
    /* ignore */
  }
}
