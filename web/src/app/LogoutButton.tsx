import { t } from '../i18n';
import { navigate } from '../router';
import { logout } from '../session';

export function LogoutButton(props: { class: string }) {
  return (
    <button
      type="button"
      class={`btn btn-link ${props.class}`}
      onClick={async () => {
        await logout();
        navigate('/login', true);
      }}
    >
      {t('logout')}
    </button>
  );
}
