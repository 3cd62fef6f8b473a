/** Renders Block Kit as readable text for the demo (what a person would see in Slack). */
type Obj = Record<string, unknown>;

function text(t: unknown): string {
  if (!t || typeof t !== 'object') return '';
  const s = String((t as Obj).text ?? '');
  return s
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
    .replace(/<@(\w+)>/g, '@$1')
    .replace(/<#(\w+)>/g, '#$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A button `[Claim]` (★ when primary), a menu `[⋯ A / B]`, a select `[Assign to… ▾]`. */
function element(e: Obj): string {
  if (e.type === 'overflow') return `[⋯ ${(e.options as Obj[]).map((o) => text(o.text)).join(' / ')}]`;
  if (e.type === 'button') return `[${text(e.text)}${e.style === 'primary' ? ' ★' : ''}]`;
  if (e.placeholder) return `[${text(e.placeholder)} ▾]`;
  return `[${String(e.type)}]`;
}

export function renderBlocks(blocks: unknown, indent = '  '): string {
  if (!Array.isArray(blocks)) return '';
  const out: string[] = [];
  for (const b of blocks as Obj[]) {
    switch (b.type) {
      case 'header':
        out.push(`== ${text(b.text)} ==`);
        break;
      case 'section':
        if (b.text) out.push(text(b.text) + (b.accessory ? `   ${element(b.accessory as Obj)}` : ''));
        if (Array.isArray(b.fields))
          out.push((b.fields as Obj[]).map((f) => text(f).replace(/\n/g, ': ')).join(' | '));
        break;
      case 'context':
        out.push(`(${(b.elements as Obj[]).map(text).join(' · ')})`);
        break;
      case 'actions':
        out.push((b.elements as Obj[]).map(element).join(' '));
        break;
      case 'input': {
        const el = (b.element ?? {}) as Obj;
        const initial = el.initial_value ? ` = ${String(el.initial_value).slice(0, 60)}` : '';
        out.push(`${text(b.label)}${b.optional ? '' : ' *'}: <${String(el.type)}>${initial}`);
        break;
      }
      case 'divider':
        out.push('----');
        break;
      case 'image':
        out.push(`[image: ${String(b.alt_text ?? '')}]`);
        break;
      default:
        out.push(`[${String(b.type)}]`);
    }
  }
  return out
    .join('\n')
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
}
