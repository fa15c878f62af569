// 中文 ⇄ English.
import { getLang, setLang, t, useLang } from '../i18n';

export function LangSwitch() {
  const lang = useLang();
  return (
    <button
      type="button"
      class="btn btn-link lang-switch"
      lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
      onClick={() => setLang(getLang() === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      <span aria-hidden="true" class="lang-icon">
        文/A{' '}
      </span>
      {/* The accessible name is the visible word with its verb ("Switch to English"), in one
          piece: names joined from several elements get a space in the middle ("切换到 中文"). */}
      <span class="sr-only">{t('switch_lang_label')}</span>
      <span aria-hidden="true">{t('switch_lang')}</span>
    </button>
  );
}
