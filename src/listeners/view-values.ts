/**
 * The one helper that reads submitted modal values: block_id → the value of its `value` action,
 * whatever the element type (text, select, multi-select, checkboxes, date, users, channels).
 */
import { INPUT_ACTION } from '../../blocks/ids.ts';

type StateValue = {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[] | null;
  selected_date?: string | null;
  selected_user?: string | null;
  selected_users?: string[] | null;
  selected_conversation?: string | null;
  selected_channel?: string | null;
  selected_date_time?: number | null;
};

export type ViewState = { values?: Record<string, Record<string, StateValue>> } | undefined;

export function readValue(state: ViewState, blockId: string): string | string[] | null {
  const v = state?.values?.[blockId]?.[INPUT_ACTION];
  if (!v || typeof v !== 'object') return null;
  if (typeof v.value === 'string') return v.value;
  if (v.selected_option && typeof v.selected_option.value === 'string') return v.selected_option.value;
  if (Array.isArray(v.selected_options)) return v.selected_options.map((o) => String(o?.value ?? ''));
  if (Array.isArray(v.selected_users)) return v.selected_users.map(String);
  // datetimepicker: epoch seconds, as text.
  if (typeof v.selected_date_time === 'number') return String(v.selected_date_time);
  for (const key of [
    'selected_date',
    'selected_user',
    'selected_conversation',
    'selected_channel',
  ] as const) {
    if (typeof v[key] === 'string') return v[key];
  }
  return null;
}

/** Reads several fields at once: `{ field: blockId }` → `{ field: value }`. */
export function readValues<K extends string>(
  state: ViewState,
  fields: Record<K, string>,
): Record<K, string | string[] | null> {
  const out = {} as Record<K, string | string[] | null>;
  for (const [field, blockId] of Object.entries(fields) as [K, string][])
    out[field] = readValue(state, blockId);
  return out;
}

/** Parses private_metadata JSON, tolerating anything. */
export function readMetadata<T extends object>(raw: string | undefined): Partial<T> {
  try {
    const parsed = JSON.parse(raw || '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Partial<T>) : {};
  } catch {
    return {};
  }
}
