// 中文 ⇄ English.
import { getLang, setLang, t, useLang } from '../i18n';

export function LangSwitch() {
  const lang = useLang();
  return (
    <button
      type="button"
      class="btn btn-link lang-switch"
      lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
      aria-label={t('switch_lang_label')}
      onClick={() => setLang(getLang() === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      <span aria-hidden="true" class="lang-icon">
        文/A{' '}
      </span>
      {t('switch_lang')}
    </button>
  );
}
