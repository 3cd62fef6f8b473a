/**
 * Block Kit validator used by the Slack stand-in (and usable directly in unit tests).
 *
 * It enforces the limits listed in /work/shared/slack-platform.md plus basic structure, so that a
 * payload the real Slack would answer with `invalid_blocks` / `msg_blocks_too_long` / `msg_too_long`
 * is also rejected in tests. Violations are strings in Slack's own style:
 * `must be at most 3000 characters (got 3001) [json-pointer:/blocks/0/text/text]`.
 *
 * Lengths are counted in Unicode code points (a CJK character or an emoji counts as one).
 */

export type Surface = 'message' | 'modal' | 'home';

/** The limits enforced here (exported so tests and app code can refer to them). */
export const LIMITS = {
  blocks: { message: 50, modal: 100, home: 100 },
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  id: 255,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  selectOptions: 100,
  optionGroups: 100,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  overflowOptions: 5,
  checkboxOptions: 10,
  radioOptions: 10,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInputMaxLength: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  viewBytes: 250_000,
  messageText: 4000,
  /** Undocumented cap on the whole `blocks` JSON of a message (bolt-js #2509, #2867). */
  messageBlocksJson: 13_000,
  imageAltText: 2000,
  imageTitle: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  markdownBlockText: 12_000,
  videoTitle: 200,
  tableRows: 100,
  tableColumns: 20,
} as const;

/** Prefix of the violation reported for the total block size cap (Slack error `msg_blocks_too_long`). */
export const MSG_BLOCKS_TOO_LONG = 'msg_blocks_too_long';

/** Block types with full checks below. */
const CHECKED_BLOCK_TYPES = new Set([
  'section',
  'divider',
  'image',
  'actions',
  'context',
  'input',
  'header',
  'file',
  'video',
  'markdown',
  'rich_text',
  'table',
]);
/** Newer block types from @slack/types that are accepted without deep checks. */
const OTHER_KNOWN_BLOCK_TYPES = new Set([
  'alert',
  'card',
  'carousel',
  'container',
  'context_actions',
  'data_table',
  'task_card',
  'plan',
]);
/** Blocks that Slack only accepts in messages. */
const MESSAGE_ONLY_BLOCKS = new Set(['file', 'markdown', 'table']);

const SELECT_TYPES = new Set([
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
]);
const MULTI_SELECT_TYPES = new Set([
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
]);
const PICKER_TYPES = new Set(['datepicker', 'timepicker', 'datetimepicker']);
const CHOICE_TYPES = new Set(['checkboxes', 'radio_buttons']);
const TEXT_INPUT_TYPES = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
]);

const ACTIONS_ELEMENTS = new Set([
  'button',
  'overflow',
  'workflow_button',
  'icon_button',
  'feedback_buttons',
  'rich_text_input',
  ...SELECT_TYPES,
  ...MULTI_SELECT_TYPES,
  ...PICKER_TYPES,
  ...CHOICE_TYPES,
]);
const ACCESSORY_ELEMENTS = new Set([
  'button',
  'overflow',
  'image',
  'workflow_button',
  ...SELECT_TYPES,
  ...MULTI_SELECT_TYPES,
  ...PICKER_TYPES,
  ...CHOICE_TYPES,
]);
const INPUT_ELEMENTS = new Set([
  'file_input',
  ...TEXT_INPUT_TYPES,
  ...SELECT_TYPES,
  ...MULTI_SELECT_TYPES,
  ...PICKER_TYPES,
  ...CHOICE_TYPES,
]);

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Length in Unicode code points. */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Length of the JSON of `blocks` as Slack's total-size cap sees it. */
export function blockJsonLength(blocks: unknown): number {
  return charLength(JSON.stringify(blocks) ?? '');
}

/**
 * Slack's mrkdwn control characters: `<` opens a link, mention or date token, `&` an entity. A `<`
 * that does not open a valid token (`<number>` in a usage text, a customer's `a<b`) is text that was
 * not escaped: Slack would try to parse it (and show something else), so the stand-in refuses it.
 */
const VALID_TOKEN =
  /^<(?:@[UW][A-Z0-9]+(?:\|[^<>]*)?|#[CG][A-Z0-9]+(?:\|[^<>]*)?|!(?:here|channel|everyone)(?:\|[^<>]*)?|!subteam\^[A-Z0-9]+(?:\|[^<>]*)?|!date\^-?\d+\^[^<>|]+(?:\^[^<>|]+)?\|[^<>]*|(?:https?|mailto|tel|slack):[^<>|\s]+(?:\|[^<>]*)?)>$/;

/** Why `text` is not correctly escaped mrkdwn, or undefined when it is. */
export function mrkdwnEscapeProblem(text: string): string | undefined {
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    const end = text.indexOf('>', i);
    const token = end === -1 ? text.slice(i) : text.slice(i, end + 1);
    if (end === -1 || !VALID_TOKEN.test(token))
      return `unescaped "<" (${JSON.stringify(token.slice(0, 40))} is not a link, mention or date token; escape it as &lt;)`;
  }
  const bareAmp = /&(?!(?:amp|lt|gt);)/.exec(text);
  if (bareAmp) return `unescaped "&" at ${bareAmp.index} (escape it as &amp;)`;
  return undefined;
}

/** Collects violations with their JSON pointer. */
class Violations {
  readonly list: string[] = [];
  add(pointer: string, message: string): void {
    this.list.push(`${message} [json-pointer:${pointer}]`);
  }
}

interface TextRule {
  required?: boolean;
  plainOnly?: boolean;
  max?: number;
}

/** Checks a composition text object. */
function checkText(v: Violations, value: unknown, ptr: string, rule: TextRule): void {
  if (value === undefined || value === null) {
    if (rule.required) v.add(ptr, 'is required');
    return;
  }
  if (!isObject(value)) {
    v.add(ptr, 'must be a text object');
    return;
  }
  const type = value.type;
  if (type !== 'plain_text' && type !== 'mrkdwn') {
    v.add(`${ptr}/type`, 'must be plain_text or mrkdwn');
  } else if (rule.plainOnly && type !== 'plain_text') {
    v.add(`${ptr}/type`, 'must be plain_text');
  }
  if (typeof value.text !== 'string' || value.text.length === 0) {
    v.add(`${ptr}/text`, 'must be a non-empty string');
  } else {
    if (rule.max !== undefined) checkLength(v, value.text, `${ptr}/text`, rule.max);
    if (type === 'mrkdwn') {
      const problem = mrkdwnEscapeProblem(value.text);
      if (problem) v.add(`${ptr}/text`, problem);
    }
  }
  if (value.emoji !== undefined) {
    if (type !== 'plain_text') v.add(`${ptr}/emoji`, 'emoji is only allowed on plain_text');
    else if (typeof value.emoji !== 'boolean') v.add(`${ptr}/emoji`, 'must be a boolean');
  }
  if (value.verbatim !== undefined && type !== 'mrkdwn') {
    v.add(`${ptr}/verbatim`, 'verbatim is only allowed on mrkdwn');
  }
}

/**
 * Slack does not say whether an emoji counts once (code point) or twice (UTF-16 units); the
 * stand-in takes the stricter count, so text that passes here fits either way.
 */
function checkLength(v: Violations, s: string, ptr: string, max: number): void {
  const n = Math.max(charLength(s), s.length);
  if (n > max) v.add(ptr, `must be at most ${max} characters (got ${n})`);
}

/** Optional string field with a maximum length. */
function checkString(v: Violations, value: unknown, ptr: string, max: number, required = false): void {
  if (value === undefined) {
    if (required) v.add(ptr, 'is required');
    return;
  }
  if (typeof value !== 'string') {
    v.add(ptr, 'must be a string');
    return;
  }
  if (required && value.length === 0) v.add(ptr, 'must not be empty');
  checkLength(v, value, ptr, max);
}

/** block_id / action_id / callback_id: 1..255 chars. */
function checkId(v: Violations, value: unknown, ptr: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length === 0) {
    v.add(ptr, 'must be a non-empty string');
    return;
  }
  checkLength(v, value, ptr, LIMITS.id);
}

function checkArray(v: Violations, value: unknown, ptr: string, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) {
    v.add(ptr, 'must be an array');
    return [];
  }
  if (value.length < min) v.add(ptr, `must have at least ${min} item(s) (got ${value.length})`);
  if (value.length > max) v.add(ptr, `must have at most ${max} items (got ${value.length})`);
  return value;
}

function checkConfirm(v: Violations, value: unknown, ptr: string): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    v.add(ptr, 'must be a confirmation dialog object');
    return;
  }
  checkText(v, value.title, `${ptr}/title`, { required: true, plainOnly: true, max: LIMITS.confirmTitle });
  checkText(v, value.text, `${ptr}/text`, { required: true, max: LIMITS.confirmText });
  checkText(v, value.confirm, `${ptr}/confirm`, {
    required: true,
    plainOnly: true,
    max: LIMITS.confirmButton,
  });
  checkText(v, value.deny, `${ptr}/deny`, { required: true, plainOnly: true, max: LIMITS.confirmButton });
  if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
    v.add(`${ptr}/style`, 'must be primary or danger');
  }
}

/** Checks an option object; returns its value (for initial_option look-ups). */
function checkOption(v: Violations, value: unknown, ptr: string, allowMrkdwn: boolean): string | undefined {
  if (!isObject(value)) {
    v.add(ptr, 'must be an option object');
    return undefined;
  }
  checkText(v, value.text, `${ptr}/text`, {
    required: true,
    plainOnly: !allowMrkdwn,
    max: LIMITS.optionText,
  });
  checkString(v, value.value, `${ptr}/value`, LIMITS.optionValue, true);
  checkText(v, value.description, `${ptr}/description`, {
    plainOnly: !allowMrkdwn,
    max: LIMITS.optionDescription,
  });
  checkString(v, value.url, `${ptr}/url`, LIMITS.url);
  return typeof value.value === 'string' ? value.value : undefined;
}

/** Checks `options` / `option_groups` of a static select; returns the set of option values. */
function checkSelectOptions(v: Violations, el: Obj, ptr: string): Set<string> {
  const values = new Set<string>();
  const hasOptions = el.options !== undefined;
  const hasGroups = el.option_groups !== undefined;
  if (hasOptions === hasGroups) {
    v.add(ptr, 'must have exactly one of options or option_groups');
  }
  if (hasOptions) {
    const opts = checkArray(v, el.options, `${ptr}/options`, 1, LIMITS.selectOptions);
    opts.forEach((o, i) => {
      const val = checkOption(v, o, `${ptr}/options/${i}`, false);
      if (val !== undefined) values.add(val);
    });
  }
  if (hasGroups) {
    const groups = checkArray(v, el.option_groups, `${ptr}/option_groups`, 1, LIMITS.optionGroups);
    groups.forEach((g, gi) => {
      const gptr = `${ptr}/option_groups/${gi}`;
      if (!isObject(g)) {
        v.add(gptr, 'must be an option group object');
        return;
      }
      checkText(v, g.label, `${gptr}/label`, { required: true, plainOnly: true, max: LIMITS.optionText });
      const opts = checkArray(v, g.options, `${gptr}/options`, 1, LIMITS.selectOptions);
      opts.forEach((o, i) => {
        const val = checkOption(v, o, `${gptr}/options/${i}`, false);
        if (val !== undefined) values.add(val);
      });
    });
  }
  return values;
}

/** initial_option(s) must be among the defined options. */
function checkInitialOptions(v: Violations, el: Obj, ptr: string, values: Set<string>): void {
  const initial: unknown[] = [];
  if (el.initial_option !== undefined) initial.push(el.initial_option);
  if (Array.isArray(el.initial_options)) initial.push(...el.initial_options);
  else if (el.initial_options !== undefined) v.add(`${ptr}/initial_options`, 'must be an array');
  for (const o of initial) {
    if (!isObject(o) || typeof o.value !== 'string' || !values.has(o.value)) {
      v.add(`${ptr}/initial_option`, 'must match one of the options');
    }
  }
}

/** Checks an interactive element (or an image element) found in a block. */
function checkElement(v: Violations, el: unknown, ptr: string, allowed: Set<string>, where: string): void {
  if (!isObject(el)) {
    v.add(ptr, 'must be an element object');
    return;
  }
  const type = el.type;
  if (typeof type !== 'string' || !allowed.has(type)) {
    v.add(`${ptr}/type`, `element type ${JSON.stringify(type)} is not allowed in ${where}`);
    return;
  }
  checkId(v, el.action_id, `${ptr}/action_id`);
  checkConfirm(v, el.confirm, `${ptr}/confirm`);
  if (el.placeholder !== undefined) {
    checkText(v, el.placeholder, `${ptr}/placeholder`, { plainOnly: true, max: LIMITS.placeholder });
  }

  if (type === 'button' || type === 'workflow_button') {
    checkText(v, el.text, `${ptr}/text`, { required: true, plainOnly: true, max: LIMITS.buttonText });
    checkString(v, el.value, `${ptr}/value`, LIMITS.buttonValue);
    checkString(v, el.url, `${ptr}/url`, LIMITS.url);
    checkString(v, el.accessibility_label, `${ptr}/accessibility_label`, LIMITS.buttonText);
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
      v.add(`${ptr}/style`, 'must be primary or danger');
    }
  } else if (type === 'image') {
    if (el.image_url === undefined && el.slack_file === undefined) {
      v.add(ptr, 'image_url or slack_file is required');
    }
    checkString(v, el.image_url, `${ptr}/image_url`, LIMITS.url);
    checkString(v, el.alt_text, `${ptr}/alt_text`, LIMITS.imageAltText, true);
  } else if (type === 'static_select' || type === 'multi_static_select') {
    const values = checkSelectOptions(v, el, ptr);
    checkInitialOptions(v, el, ptr, values);
  } else if (type === 'overflow') {
    const opts = checkArray(v, el.options, `${ptr}/options`, 1, LIMITS.overflowOptions);
    opts.forEach((o, i) => {
      checkOption(v, o, `${ptr}/options/${i}`, false);
    });
  } else if (type === 'checkboxes' || type === 'radio_buttons') {
    const max = type === 'checkboxes' ? LIMITS.checkboxOptions : LIMITS.radioOptions;
    const opts = checkArray(v, el.options, `${ptr}/options`, 1, max);
    const values = new Set<string>();
    opts.forEach((o, i) => {
      const val = checkOption(v, o, `${ptr}/options/${i}`, true);
      if (val !== undefined) values.add(val);
    });
    checkInitialOptions(v, el, ptr, values);
  } else if (type === 'plain_text_input') {
    const max = el.max_length;
    const min = el.min_length;
    if (max !== undefined && (!Number.isInteger(max) || (max as number) < 1 || (max as number) > 3000)) {
      v.add(`${ptr}/max_length`, `must be an integer from 1 to ${LIMITS.plainTextInputMaxLength}`);
    }
    if (min !== undefined && (!Number.isInteger(min) || (min as number) < 0 || (min as number) > 3000)) {
      v.add(`${ptr}/min_length`, 'must be an integer from 0 to 3000');
    }
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      v.add(`${ptr}/min_length`, 'must not be greater than max_length');
    }
    if (el.initial_value !== undefined) {
      if (typeof el.initial_value !== 'string') v.add(`${ptr}/initial_value`, 'must be a string');
      else checkLength(v, el.initial_value, `${ptr}/initial_value`, typeof max === 'number' ? max : 3000);
    }
  } else if (type === 'datepicker') {
    if (el.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date))) {
      v.add(`${ptr}/initial_date`, 'must be YYYY-MM-DD');
    }
  } else if (type === 'timepicker') {
    if (el.initial_time !== undefined && !/^\d{2}:\d{2}$/.test(String(el.initial_time))) {
      v.add(`${ptr}/initial_time`, 'must be HH:mm');
    }
  } else if (type === 'number_input') {
    if (typeof el.is_decimal_allowed !== 'boolean') v.add(`${ptr}/is_decimal_allowed`, 'is required');
  } else if (type === 'file_input') {
    const maxFiles = el.max_files;
    if (
      maxFiles !== undefined &&
      (!Number.isInteger(maxFiles) || (maxFiles as number) < 1 || (maxFiles as number) > 10)
    ) {
      v.add(`${ptr}/max_files`, 'must be an integer from 1 to 10');
    }
  }
  if (MULTI_SELECT_TYPES.has(type) && el.max_selected_items !== undefined) {
    const m = el.max_selected_items;
    if (!Number.isInteger(m) || (m as number) < 1)
      v.add(`${ptr}/max_selected_items`, 'must be an integer ≥ 1');
  }
}

/** action_id values must be unique within one block. */
function checkUniqueActionIds(v: Violations, elements: unknown[], ptr: string): void {
  const seen = new Set<string>();
  elements.forEach((el, i) => {
    if (!isObject(el) || typeof el.action_id !== 'string') return;
    if (seen.has(el.action_id))
      v.add(`${ptr}/${i}/action_id`, `duplicate action_id ${JSON.stringify(el.action_id)}`);
    seen.add(el.action_id);
  });
}

function checkBlock(v: Violations, block: unknown, ptr: string, surface: Surface): void {
  if (!isObject(block)) {
    v.add(ptr, 'must be a block object');
    return;
  }
  const type = block.type;
  if (typeof type !== 'string' || (!CHECKED_BLOCK_TYPES.has(type) && !OTHER_KNOWN_BLOCK_TYPES.has(type))) {
    v.add(`${ptr}/type`, `unknown block type ${JSON.stringify(type)}`);
    return;
  }
  if (MESSAGE_ONLY_BLOCKS.has(type) && surface !== 'message') {
    v.add(`${ptr}/type`, `${type} blocks are only allowed in messages`);
  }
  checkId(v, block.block_id, `${ptr}/block_id`);

  switch (type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined && block.expand === undefined) {
        v.add(ptr, 'section needs text or fields');
      }
      checkText(v, block.text, `${ptr}/text`, { max: LIMITS.sectionText });
      if (block.fields !== undefined) {
        const fields = checkArray(v, block.fields, `${ptr}/fields`, 1, LIMITS.sectionFields);
        fields.forEach((f, i) => {
          checkText(v, f, `${ptr}/fields/${i}`, { required: true, max: LIMITS.sectionFieldText });
        });
      }
      if (block.accessory !== undefined) {
        checkElement(v, block.accessory, `${ptr}/accessory`, ACCESSORY_ELEMENTS, 'a section accessory');
      }
      break;
    }
    case 'header':
      checkText(v, block.text, `${ptr}/text`, { required: true, plainOnly: true, max: LIMITS.headerText });
      break;
    case 'divider':
      break;
    case 'image':
      if (block.image_url === undefined && block.slack_file === undefined) {
        v.add(ptr, 'image_url or slack_file is required');
      }
      checkString(v, block.image_url, `${ptr}/image_url`, LIMITS.url);
      checkString(v, block.alt_text, `${ptr}/alt_text`, LIMITS.imageAltText, true);
      checkText(v, block.title, `${ptr}/title`, { plainOnly: true, max: LIMITS.imageTitle });
      break;
    case 'context': {
      const els = checkArray(v, block.elements, `${ptr}/elements`, 1, LIMITS.contextElements);
      els.forEach((el, i) => {
        const eptr = `${ptr}/elements/${i}`;
        if (isObject(el) && el.type === 'image') {
          checkElement(v, el, eptr, new Set(['image']), 'a context block');
        } else {
          checkText(v, el, eptr, { required: true });
        }
      });
      break;
    }
    case 'actions': {
      const els = checkArray(v, block.elements, `${ptr}/elements`, 1, LIMITS.actionsElements);
      els.forEach((el, i) => {
        checkElement(v, el, `${ptr}/elements/${i}`, ACTIONS_ELEMENTS, 'an actions block');
      });
      checkUniqueActionIds(v, els, `${ptr}/elements`);
      break;
    }
    case 'input': {
      checkText(v, block.label, `${ptr}/label`, { required: true, plainOnly: true, max: LIMITS.inputLabel });
      checkText(v, block.hint, `${ptr}/hint`, { plainOnly: true, max: LIMITS.inputHint });
      if (block.element === undefined) v.add(`${ptr}/element`, 'is required');
      else checkElement(v, block.element, `${ptr}/element`, INPUT_ELEMENTS, 'an input block');
      if (block.optional !== undefined && typeof block.optional !== 'boolean') {
        v.add(`${ptr}/optional`, 'must be a boolean');
      }
      if (block.dispatch_action !== undefined && typeof block.dispatch_action !== 'boolean') {
        v.add(`${ptr}/dispatch_action`, 'must be a boolean');
      }
      break;
    }
    case 'file':
      checkString(v, block.external_id, `${ptr}/external_id`, LIMITS.id, true);
      if (block.source !== 'remote') v.add(`${ptr}/source`, 'must be remote');
      break;
    case 'video':
      checkString(v, block.alt_text, `${ptr}/alt_text`, LIMITS.imageAltText, true);
      checkText(v, block.title, `${ptr}/title`, { required: true, plainOnly: true, max: LIMITS.videoTitle });
      checkString(v, block.video_url, `${ptr}/video_url`, LIMITS.url, true);
      checkString(v, block.thumbnail_url, `${ptr}/thumbnail_url`, LIMITS.url, true);
      break;
    case 'markdown':
      checkString(v, block.text, `${ptr}/text`, LIMITS.markdownBlockText, true);
      break;
    case 'rich_text':
      checkArray(v, block.elements, `${ptr}/elements`, 1, Number.POSITIVE_INFINITY);
      break;
    case 'table': {
      const rows = checkArray(v, block.rows, `${ptr}/rows`, 1, LIMITS.tableRows);
      rows.forEach((r, i) => {
        checkArray(v, r, `${ptr}/rows/${i}`, 1, LIMITS.tableColumns);
      });
      break;
    }
    default:
      // other known types: accepted without deep checks
      break;
  }
}

/**
 * Checks a `blocks` array for one surface. Returns the violations (empty = OK).
 * For messages the undocumented total size cap is reported with the prefix `msg_blocks_too_long`.
 */
export function checkBlocks(blocks: unknown, surface: Surface): string[] {
  const v = new Violations();
  if (!Array.isArray(blocks)) {
    v.add('/blocks', 'must be an array');
    return v.list;
  }
  const max = LIMITS.blocks[surface];
  if (blocks.length > max)
    v.add('/blocks', `must have at most ${max} blocks in a ${surface} (got ${blocks.length})`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const ptr = `/blocks/${i}`;
    checkBlock(v, b, ptr, surface);
    if (isObject(b) && typeof b.block_id === 'string') {
      if (blockIds.has(b.block_id))
        v.add(`${ptr}/block_id`, `duplicate block_id ${JSON.stringify(b.block_id)}`);
      blockIds.add(b.block_id);
    }
  });
  if (surface === 'message') {
    const size = blockJsonLength(blocks);
    if (size > LIMITS.messageBlocksJson) {
      v.list.push(
        `${MSG_BLOCKS_TOO_LONG}: blocks JSON is ${size} characters (cap about ${LIMITS.messageBlocksJson})`,
      );
    }
  }
  return v.list;
}

/** Checks a modal or Home tab view object (as given to views.open/push/update/publish). */
export function checkView(view: unknown): string[] {
  const v = new Violations();
  if (!isObject(view)) {
    v.add('/view', 'must be a view object');
    return v.list;
  }
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    v.add('/view/type', 'must be modal or home');
    return v.list;
  }
  for (const err of checkBlocks(view.blocks, type))
    v.list.push(err.replace('[json-pointer:/', '[json-pointer:/view/'));

  if (type === 'modal') {
    const button = { plainOnly: true, max: LIMITS.modalButton };
    checkText(v, view.title, '/view/title', { ...button, required: true });
    checkText(v, view.submit, '/view/submit', button);
    checkText(v, view.close, '/view/close', button);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      v.add('/view/submit', 'is required when the view has an input block');
  } else if (view.submit !== undefined) {
    v.add('/view/submit', 'is not allowed on a home view');
  }
  checkString(v, view.private_metadata, '/view/private_metadata', LIMITS.privateMetadata);
  checkId(v, view.callback_id, '/view/callback_id');
  checkId(v, view.external_id, '/view/external_id');
  for (const flag of ['clear_on_close', 'notify_on_close'] as const) {
    if (view[flag] !== undefined && typeof view[flag] !== 'boolean')
      v.add(`/view/${flag}`, 'must be a boolean');
  }
  const bytes = Buffer.byteLength(JSON.stringify(view), 'utf8');
  if (bytes > LIMITS.viewBytes) v.add('/view', `view is ${bytes} bytes, more than ${LIMITS.viewBytes}`);
  return v.list;
}

/** The Slack error a message payload would get, or undefined when it is accepted. */
export interface MessageCheck {
  error:
    | 'no_text'
    | 'msg_too_long'
    | 'invalid_blocks'
    | 'msg_blocks_too_long'
    | 'invalid_attachments'
    | 'invalid_arguments';
  errors: string[];
}

/**
 * Checks a message as given to chat.postMessage / chat.update / chat.postEphemeral / response_url.
 * `requireContent` = false for chat.update (which may change only some fields).
 */
export function checkMessage(
  msg: { text?: unknown; blocks?: unknown; attachments?: unknown },
  requireContent = true,
): MessageCheck | undefined {
  const hasText = typeof msg.text === 'string' && msg.text.length > 0;
  const hasBlocks = Array.isArray(msg.blocks) && msg.blocks.length > 0;
  const hasAttachments = Array.isArray(msg.attachments) && msg.attachments.length > 0;
  if (requireContent && !hasText && !hasBlocks && !hasAttachments) {
    return { error: 'no_text', errors: ['text, blocks or attachments is required'] };
  }
  if (msg.text !== undefined && typeof msg.text !== 'string') {
    return { error: 'invalid_arguments', errors: ['text must be a string'] };
  }
  if (typeof msg.text === 'string') {
    const n = Math.max(charLength(msg.text), msg.text.length);
    if (n > LIMITS.messageText) {
      return { error: 'msg_too_long', errors: [`text is ${n} characters, more than ${LIMITS.messageText}`] };
    }
    const problem = mrkdwnEscapeProblem(msg.text);
    if (problem) return { error: 'invalid_arguments', errors: [`text: ${problem}`] };
  }
  if (msg.attachments !== undefined && !Array.isArray(msg.attachments)) {
    return { error: 'invalid_attachments', errors: ['attachments must be an array'] };
  }
  if (msg.blocks !== undefined) {
    const errors = checkBlocks(msg.blocks, 'message');
    if (errors.length > 0) {
      const onlySize = errors.every((e) => e.startsWith(MSG_BLOCKS_TOO_LONG));
      return { error: onlySize ? 'msg_blocks_too_long' : 'invalid_blocks', errors };
    }
  }
  return undefined;
}
