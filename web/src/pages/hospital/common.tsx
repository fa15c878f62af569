// Hospital booking (issue 22; docs/hospital.md): the shapes and small pieces the patient and
// hospital screens share — records as the API answers them, names of departments and doctors,
// Shanghai times and days, the rolling 14-day window, status tags, and the hospitals an
// administrator manages.
import { get, type Me, type ResponseOf } from '../../api';
import { getLang, localized, t, tMaybe } from '../../i18n';
import { useState } from 'preact/hooks';
import { useLoad } from '../../hooks/useLoad';
import { useSession } from '../../session';
import { Select } from '../../components/form/Select';

export type Hospital = ResponseOf<'/api/v1/hospitals'>['hospitals'][number];
export type Directory = ResponseOf<'/api/v1/hospitals/{id}/departments'>;
export type Department = Directory['departments'][number];
export type Doctor = Directory['doctors'][number];
export type DaySlots = ResponseOf<'/api/v1/hospital-departments/{department}/slots'>;
export type Slot = DaySlots['slots'][number];
export type Appointment = ResponseOf<'/api/v1/me/appointments'>['appointments'][number];
export type Schedule = ResponseOf<'/api/v1/hospitals/{id}/schedules'>['schedules'][number];

export const WINDOW_DAYS = 14;

export function loadDirectory(hospital: string): Promise<Directory> {
  return get('/api/v1/hospitals/{id}/departments', { params: { id: hospital } });
}

/** Directories of several hospitals (for names in lists), by hospital id. */
export async function loadDirectories(ids: string[]): Promise<Record<string, Directory>> {
  const uniq = [...new Set(ids)];
  const dirs = await Promise.all(uniq.map((id) => loadDirectory(id).catch(() => undefined)));
  const out: Record<string, Directory> = {};
  uniq.forEach((id, i) => {
    const d = dirs[i];
    if (d) out[id] = d;
  });
  return out;
}

/** A department's name; "" while the directory is not loaded (never the bare id then). */
export function departmentName(dir: Directory | undefined, id: string): string {
  if (!dir) return '';
  const d = dir.departments.find((x) => x.id === id);
  return d ? localized(d.name) : id;
}

export function doctorName(dir: Directory | undefined, id: string | undefined): string {
  if (!id) return t('hosp_clinic');
  if (!dir) return '';
  const d = dir.doctors.find((x) => x.id === id);
  return d ? `${d.name}${d.title ? ` · ${d.title}` : ''}` : id;
}

/** "08:30" in Asia/Shanghai. */
export function hm(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
}

/** "3月3日 周二" / "Tue 3 Mar" for a day YYYY-MM-DD. */
export function dayName(day: string): string {
  const d = new Date(`${day}T12:00:00+08:00`);
  return d.toLocaleDateString(getLang(), { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', weekday: 'short' });
}

/** "3月3日 周二 08:30–08:45". */
export function whenText(a: { day: string; start: string; end: string }): string {
  return `${dayName(a.day)} ${hm(a.start)}–${hm(a.end)}`;
}

/** The `n` days from `first` (YYYY-MM-DD), as YYYY-MM-DD. */
export function daysFrom(first: string, n: number): string[] {
  const base = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(base + i * 86_400_000).toISOString().slice(0, 10));
}

export function statusName(s: string): string {
  return tMaybe(`hosp_st_${s}`) ?? s;
}

export function StatusTag({ status }: { status: string }) {
  return (
    <span class={`tag hosp-st hosp-st-${status}`} data-status={status}>
      {statusName(status)}
    </span>
  );
}

/** The hospitals `me` manages: hospital_admin scopes place:<id>; an administrator manages all. */
export function managedIds(me: Me | undefined, all: Hospital[]): string[] {
  if (!me) return [];
  const roles = me.roles ?? [];
  if (roles.some((g) => g.role === 'admin')) return all.map((h) => h.id);
  const ids = roles.filter((g) => g.role === 'hospital_admin' && g.scope?.startsWith('place:')).map((g) => g.scope!.slice('place:'.length));
  return all.filter((h) => ids.includes(h.id)).map((h) => h.id);
}

/** The hospital an administrator works on: a drop-down when there are several. */
export function useManagedHospital(): { hospital?: Hospital; picker: preact.JSX.Element | null; loading: boolean; error: unknown } {
  const session = useSession();
  const me = session.status === 'in' ? session.me : undefined;
  const list = useLoad(() => get('/api/v1/hospitals'));
  const all = list.data?.hospitals ?? [];
  const ids = managedIds(me, all);
  const mine = all.filter((h) => ids.includes(h.id));
  const key = 'ow.hospital';
  const [chosen, setChosen] = useState(() => {
    try {
      return sessionStorage.getItem(key) ?? '';
    } catch {
      return '';
    }
  });
  const hospital = mine.find((h) => h.id === chosen) ?? mine[0];
  const picker =
    mine.length > 1 ? (
      <Select
        label={t('hosp_admin_pick')}
        name="hospital"
        value={hospital?.id ?? ''}
        options={mine.map((h) => [h.id, h.name] as [string, string])}
        onChange={(v) => {
          try {
            sessionStorage.setItem(key, v);
          } catch {
            /* ignore */
          }
          setChosen(v);
        }}
      />
    ) : null;
  return { hospital, picker, loading: list.loading, error: list.error };
}
