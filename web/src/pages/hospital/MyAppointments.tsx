// Hospital booking (issue 22): my appointments (/hospital/appointments) — upcoming ones with the
// check-in QR code (a PNG from the server, its text OWAPPT1:<id>) and the cancel button while
// the cancellation deadline has not passed (the deadline is said either way); past and
// cancelled ones with their status; and the person's no-shows of six months and any booking block.
import { get, post } from '../../api';
import { t } from '../../i18n';
import { Link } from '../../router';
import { fmtDateTime } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { DataTable } from '../../components/DataTable';
import { type Appointment, type Directory, StatusTag, departmentName, doctorName, loadDirectories, whenText } from './common';

/** How many hours before the visit cancelling closes (BookingRules on the server). */
function leadHours(x: Appointment): string {
  if (!x.cancel_deadline) return '';
  const h = (Date.parse(x.start) - Date.parse(x.cancel_deadline)) / 3_600_000;
  return String(Math.round(h * 10) / 10);
}

export function HospitalMine() {
  const list = useLoad(() => get('/api/v1/me/appointments'));
  const hospitals = useLoad(() => get('/api/v1/hospitals'));
  const appts = list.data?.appointments ?? [];
  const dirs = useLoad(() => loadDirectories(appts.map((x) => x.hospital_id)), [appts.map((x) => x.hospital_id).join(',')]);
  const a = useAction();
  const now = Date.now();
  const upcoming = appts.filter((x) => (x.status === 'booked' || x.status === 'arrived') && Date.parse(x.end) > now).sort((x, y) => Date.parse(x.start) - Date.parse(y.start));
  const past = appts.filter((x) => !upcoming.includes(x));
  const hospitalName = (id: string) => hospitals.data?.hospitals.find((h) => h.id === id)?.name ?? '';
  const where = (x: Appointment, dir?: Directory) => `${hospitalName(x.hospital_id)} · ${departmentName(dir, x.department_id)}`;

  const cancel = (x: Appointment) => {
    if (!window.confirm(t('hosp_cancel_confirm'))) return;
    void a.run(async () => {
      try {
        await post('/api/v1/appointments/{id}/cancel', { params: { id: x.id } });
        return t('hosp_cancelled');
      } finally {
        list.reload();
      }
    }, `cancel-${x.id}`);
  };

  return (
    <Page title={t('hosp_mine_title')}>
      <p>
        <Link href="/hospital">{t('hosp_book_more')}</Link>
      </p>
      <ActionNotices action={a} />
      {list.data?.no_shows && list.data.no_shows.count > 0 && (
        <div class="hosp-noshow-standing">
          <Notice kind={list.data.no_shows.blocked ? 'error' : 'info'}>
            {list.data.no_shows.blocked
              ? t('hosp_noshow_blocked', { n: String(list.data.no_shows.count), until: list.data.no_shows.blocked_until ? fmtDateTime(list.data.no_shows.blocked_until) : '' })
              : t('hosp_noshow_count', { n: String(list.data.no_shows.count), limit: String(list.data.no_shows.limit) })}
          </Notice>
        </div>
      )}
      <LoadStatus q={list} empty={!appts.length} />
      {upcoming.length > 0 && (
        <section aria-labelledby="hosp-upcoming-head">
          <h2 id="hosp-upcoming-head">{t('hosp_upcoming')}</h2>
          <ul class="cards hosp-appointments">
            {upcoming.map((x) => {
              const dir = dirs.data?.[x.hospital_id];
              const when = whenText(x);
              return (
                <li class="card hosp-appointment" key={x.id} data-id={x.id} data-status={x.status}>
                  <h3 class="h3">{when}</h3>
                  <dl class="kv">
                    <div>
                      <dt>{t('hosp_where')}</dt>
                      <dd>{where(x, dir)}</dd>
                    </div>
                    <div>
                      <dt>{t('hosp_doctor')}</dt>
                      <dd>{doctorName(dir, x.doctor_id)}</dd>
                    </div>
                    <div>
                      <dt>{t('hosp_status')}</dt>
                      <dd>
                        <StatusTag status={x.status} />
                      </dd>
                    </div>
                  </dl>
                  <figure class="hosp-qr">
                    <img class="hosp-qr-img" src={`/api/v1/me/appointments/${encodeURIComponent(x.id)}/check-in.png`} alt={t('hosp_qr_alt', { when })} width={200} height={200} />
                    <figcaption class="small">{t('hosp_qr_hint')}</figcaption>
                  </figure>
                  <details>
                    <summary>{t('hosp_qr_text')}</summary>
                    <code class="hosp-qr-text">{x.check_in}</code>
                  </details>
                  {x.status === 'booked' && (
                    <div class="actions hosp-cancel">
                      {x.cancellable ? (
                        <>
                          <Button kind="danger" busy={a.running === `cancel-${x.id}`} disabled={a.busy} onClick={() => cancel(x)}>
                            {t('hosp_cancel')}
                          </Button>
                          <span class="small muted">{t('hosp_cancel_until', { time: fmtDateTime(x.cancel_deadline) })}</span>
                        </>
                      ) : (
                        <span class="small">{t('hosp_cancel_closed', { time: fmtDateTime(x.cancel_deadline), n: leadHours(x) })}</span>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {past.length > 0 && (
        <section aria-labelledby="hosp-past-head">
          <h2 id="hosp-past-head">{t('hosp_past')}</h2>
          <DataTable caption={t('hosp_past')} class="hosp-past" headers={[t('hosp_when'), t('hosp_where'), t('hosp_doctor'), t('hosp_status')]}>
            {past.map((x) => {
              const dir = dirs.data?.[x.hospital_id];
              return (
                <tr key={x.id} data-id={x.id} data-status={x.status}>
                  <th scope="row">{whenText(x)}</th>
                  <td>{where(x, dir)}</td>
                  <td>{doctorName(dir, x.doctor_id)}</td>
                  <td>
                    <StatusTag status={x.status} />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </section>
      )}
    </Page>
  );
}
