// Shapes of the epidemic-response API (issue 5).

export interface Case {
  case_id: string;
  masked_name: string;
  region: string;
  status: string;
  onset_date: string;
  reporting_unit: string;
  note: string;
  reported_at: string;
  updated_at: string;
  traced_at: string | null;
  close_contacts: number;
  secondary_contacts: number;
}

export interface Evidence {
  place_id: string;
  place_name?: string;
  case_from: string;
  case_to: string;
  contact_from: string;
  contact_to: string;
  case_entry_only: boolean;
  contact_entry_only: boolean;
}

export interface Contact {
  masked_name: string;
  level: 'close' | 'secondary';
  first_contact: string;
  via_masked_name?: string;
  evidence: Evidence[];
}

export interface RiskAreaPlace {
  place_id: string;
  name?: string;
  region?: string;
  address?: string;
}

export interface RiskArea {
  risk_area_id: string;
  name: string;
  level: 'high' | 'medium';
  region: string | null;
  places: RiskAreaPlace[];
  from: string;
  to: string;
  status: 'active' | 'lifted';
  published_at: string;
  lifted_at: string | null;
  affected?: number;
}

export interface Task {
  task_id: string;
  masked_name: string;
  region: string;
  kind: string;
  reason_zh: string;
  reason_en: string;
  source: string;
  status: 'open' | 'done';
  note: string;
  created_at: string;
  done_at: string | null;
}
