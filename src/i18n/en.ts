/** English catalog. Keys are grouped by surface; `{name}` marks a parameter. */
export const en = {
  // /ticket help
  'help.title': 'Service desk: /ticket',
  'help.body':
    '*/ticket* [description] — open a ticket (the text fills the description)\n' +
    '*/ticket show* <number> — show a ticket and its history\n' +
    '*/ticket mine* — tickets you opened or own\n' +
    '*/ticket search* <words> — find tickets by number, customer ID, phone last 4 digits or keywords\n' +
    '*/ticket customer* <customer ID or phone> — a customer’s history\n' +
    '*/ticket export* [from] [to] — CSV export for supervisors (dates YYYY-MM-DD)\n' +
    '*/ticket help* — this help\n' +
    'You can also open a ticket from any message: ⋯ → *Create ticket*.',
  'help.unknown': 'I did not understand “{input}”.',
  'error.generic': 'Something went wrong on our side; nothing was changed. Please try again in a minute.',
  'error.database': 'The service desk cannot reach its database right now; nothing was changed. Please try again in a minute.',
} as const;
