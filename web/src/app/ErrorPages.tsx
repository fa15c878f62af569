// 404 and 403.
import { t } from '../i18n';
import { Link } from '../router';

export function NotFound() {
  return (
    <section class="page">
      <h1>404</h1>
      <p>
        <Link href="/">{t('nav_home')}</Link>
      </p>
    </section>
  );
}

export function Forbidden() {
  return (
    <section class="page">
      <h1>403</h1>
      <p>{t('error_forbidden')}</p>
    </section>
  );
}
