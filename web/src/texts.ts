// The server's one table of code texts (GET /api/v1/texts): gate verdicts, what each colour
// asks of a person, colour names. Loaded at start and kept in localStorage, so a gate that
// checks codes offline words its verdicts exactly as the server does online, and the code page
// and the inbox say the same thing. The built-in dictionary is only the first-visit fallback.

export interface LocalText {
  zh: string;
  en: string;
}

interface Texts {
  rules_version: string;
  verdicts: Record<string, LocalText>;
  hints: Record<string, LocalText>;
  colours: Record<string, LocalText>;
}

const KEY = 'ow.texts';

function stored(): Texts | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Texts) : undefined;
  } catch {
    return undefined;
  }
}

let texts: Texts | undefined = stored();

/** Fetches the table (the browser revalidates with its ETag) and keeps it for offline use. */
export async function loadTexts(): Promise<void> {
  try {
    const res = await fetch('/api/v1/texts', { credentials: 'same-origin' });
    if (!res.ok) return;
    const t = (await res.json()) as Texts;
    if (!t || typeof t !== 'object' || !t.verdicts || !t.hints) return;
    texts = t;
    localStorage.setItem(KEY, JSON.stringify(t));
  } catch {
    // offline: keep the cached table
  }
}

/** One entry of the table ("verdicts", "hints" or "colours"), undefined before any load. */
export function serverText(group: 'verdicts' | 'hints' | 'colours', key: string): LocalText | undefined {
  const g = texts?.[group];
  return g && Object.hasOwn(g, key) ? g[key] : undefined;
}
