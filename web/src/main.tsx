import { render } from 'preact';
import { App } from './app/App';
import { loadSession } from './session';
import { loadTexts } from './texts';
import { cacheLoadedAssets, registerShell } from './offline/shell';
// A bundled CJK web font as the last fallback (unicode-range slices, fetched only when the
// device has no Chinese font of its own).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';

loadSession();
void loadTexts();
render(<App />, document.getElementById('app')!);
registerShell();
window.addEventListener('load', () => setTimeout(() => void cacheLoadedAssets(), 1000));
