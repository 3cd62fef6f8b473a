/** Small typed constructors shared by the block builders. */
import type { Button, InputBlock, KnownBlock, Option, PlainTextOption } from '@slack/types';
import { INPUT_ACTION } from './ids.ts';
import { safeMrkdwn, truncate } from './text.ts';

export const plain = (text: string, max = 3000) => ({
  type: 'plain_text' as const,
  text: truncate(text, max),
  emoji: true,
});
/** A mrkdwn text object: stray `<` and `&` escaped (tokens and entities kept), then cut safely. */
export const mrkdwn = (text: string, max = 3000) => ({
  type: 'mrkdwn' as const,
  text: truncate(safeMrkdwn(text), max),
});

export function option(value: string, label: string): PlainTextOption {
  return { value: value.slice(0, 150), text: plain(label, 75) };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: plain(text, 75),
    action_id: actionId,
    value: value.slice(0, 2000),
    ...(style ? { style } : {}),
  };
}

export function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwn(text) };
}

export function context(texts: string[]): KnownBlock {
  return { type: 'context', elements: texts.slice(0, 10).map((t) => mrkdwn(t, 3000)) };
}

export interface TextInputOpts {
  blockId: string;
  label: string;
  optional?: boolean;
  multiline?: boolean;
  maxLength?: number;
  initial?: string;
  placeholder?: string;
  hint?: string;
  /** Sends a block action when Enter is pressed (a look-up that updates the form). */
  dispatchOnEnter?: boolean;
}

/** An input block around `element`, with the label, hint and optional flag every field shares. */
function inputBlock(
  o: { blockId: string; label: string; optional?: boolean; hint?: string },
  element: InputBlock['element'],
): InputBlock {
  return {
    type: 'input',
    block_id: o.blockId,
    optional: o.optional ?? false,
    label: plain(o.label, 2000),
    ...(o.hint ? { hint: plain(o.hint, 2000) } : {}),
    element,
  };
}

export function textInput(o: TextInputOpts): InputBlock {
  const block = inputBlock(o, {
    type: 'plain_text_input',
    action_id: INPUT_ACTION,
    multiline: o.multiline ?? false,
    ...(o.dispatchOnEnter
      ? { dispatch_action_config: { trigger_actions_on: ['on_enter_pressed' as const] } }
      : {}),
    ...(o.maxLength ? { max_length: Math.min(3000, o.maxLength) } : {}),
    ...(o.initial ? { initial_value: truncate(o.initial, Math.min(3000, o.maxLength ?? 3000)) } : {}),
    ...(o.placeholder ? { placeholder: plain(o.placeholder, 150) } : {}),
  });
  return o.dispatchOnEnter ? { ...block, dispatch_action: true } : block;
}

export interface SelectInputOpts {
  blockId: string;
  label: string;
  options: Option[];
  optional?: boolean;
  initial?: string;
  hint?: string;
  placeholder?: string;
}

export function selectInput(o: SelectInputOpts): InputBlock {
  const options = o.options.slice(0, 100) as PlainTextOption[];
  const initial = options.find((opt) => opt.value === o.initial);
  return inputBlock(o, {
    type: 'static_select',
    action_id: INPUT_ACTION,
    options,
    ...(initial ? { initial_option: initial } : {}),
    ...(o.placeholder ? { placeholder: plain(o.placeholder, 150) } : {}),
  });
}

export interface RadioInputOpts {
  blockId: string;
  label: string;
  options: Option[];
  optional?: boolean;
  initial?: string;
  hint?: string;
  /** Sends a block action when a choice is made (the form is redrawn for it). */
  dispatch?: boolean;
}

/** Radio buttons (at most 10 options, as Slack allows), `initial` preselected; the value arrives as `selected_option`, like a static select's. */
export function radioInput(o: RadioInputOpts): InputBlock {
  const options = o.options.slice(0, 10) as PlainTextOption[];
  const initial = options.find((opt) => opt.value === o.initial);
  const block = inputBlock(o, {
    type: 'radio_buttons',
    action_id: INPUT_ACTION,
    options,
    ...(initial ? { initial_option: initial } : {}),
  });
  return o.dispatch ? { ...block, dispatch_action: true } : block;
}
