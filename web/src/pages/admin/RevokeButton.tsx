import { useState } from 'preact/hooks';
import { del } from '../../api';
import type { Grant, RoleName } from '../../api/models';
import { roleName, t } from '../../i18n';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Field } from '../../components/form/Field';

/** Revoking needs the holder's ID number (the API identifies people by it); ask for it. */
export function RevokeButton({ grant, onDone }: { grant: Grant; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [id, setId] = useState('');
  const [error, setError] = useState<unknown>();
  if (!open)
    return (
      <Button kind="link" onClick={() => setOpen(true)} aria-label={`${t('ad_revoke')} ${grant.masked_name} ${roleName(grant.role)}`}>
        {t('ad_revoke')}
      </Button>
    );
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          // The list's role type also allows 'citizen', which is never a grant.
          await del('/api/v1/admin/grants', { body: { id_number: id, role: grant.role as RoleName, scope: grant.scope } });
          onDone();
          setOpen(false);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <Field label={`${t('person_id_number')} (${grant.masked_id})`} value={id} onInput={(v) => setId(v.toUpperCase())} maxLength={18} />
      <Button type="submit" kind="danger">
        {t('ad_revoke')}
      </Button>
      <Button kind="link" onClick={() => setOpen(false)}>
        {t('cancel')}
      </Button>
      <ErrorNotice error={error} />
    </form>
  );
}
