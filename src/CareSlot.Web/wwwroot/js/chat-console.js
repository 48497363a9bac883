// The agents' live chat console (Features/LiveChat/Console.cshtml): the chats an agent holds, live. Without this script
// the page still lets the agent go available or away and read transcripts. Every text from a person is put on the
// page with textContent, never as HTML.
const root = document.getElementById('chat-console');
const panesRoot = document.getElementById('chat-panes');
const waiting = document.getElementById('chat-waiting');

if (root && panesRoot && window.signalR) {
  const words = root.dataset;
  const panes = new Map();
  const seen = new Set();
  const typingTimers = new Map();

  const connection = new window.signalR.HubConnectionBuilder()
    .withUrl('/hubs/chat')
    .withAutomaticReconnect()
    .configureLogging(window.signalR.LogLevel.Warning)
    .build();

  const element = (tag, className, text) => {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  };

  const addLine = (pane, line) => {
    if (seen.has(line.id)) return;
    seen.add(line.id);
    const item = element('li', line.fromAgent ? 'message message--mine' : 'message');
    const meta = element('p', 'message__meta');
    meta.append(element('span', 'message__sender', line.fromAgent ? words.you : pane.customer), ' ', element('span', '', line.time));
    const sender = meta.firstElementChild;
    if (!line.fromAgent) sender.setAttribute('translate', 'no');
    const body = element('p', 'message__body', line.text);
    body.setAttribute('translate', 'no');
    item.append(meta, body);
    pane.log.append(item);
    pane.log.scrollTop = pane.log.scrollHeight;
    if (!line.fromAgent) {
      pane.activity.textContent = '';
      if (document.visibilityState === 'visible') connection.invoke('AgentRead', pane.id).catch(() => {});
    } else {
      pane.readMark.textContent = ''; // a new line of ours the customer has not read yet
    }
  };

  const makePane = (chat) => {
    const section = element('section', 'card chat-pane');
    section.setAttribute('aria-labelledby', `chat-${chat.id}-heading`);
    const heading = element('h3', 'card__title', chat.customerName);
    heading.setAttribute('translate', 'no');
    heading.id = `chat-${chat.id}-heading`;
    const who = element('p', 'muted', chat.visitor ? words.visitor : words.signedIn);
    const log = element('ol', 'messages');
    log.setAttribute('aria-live', 'polite');
    log.setAttribute('aria-label', words.logLabel.replace('{0}', chat.customerName));
    log.tabIndex = 0;
    const activity = element('p', 'muted');
    activity.setAttribute('aria-live', 'polite');
    const readMark = element('p', 'muted');
    readMark.setAttribute('aria-live', 'polite');
    const form = element('form', 'form-stack');
    form.noValidate = true;
    const field = element('div', 'field');
    const label = element('label', '', words.messageLabel.replace('{0}', chat.customerName));
    label.htmlFor = `chat-${chat.id}-message`;
    const input = element('textarea');
    input.id = label.htmlFor;
    input.rows = 2;
    input.maxLength = 2000;
    const error = element('p', 'field-error');
    error.id = `chat-${chat.id}-error`;
    error.hidden = true;
    input.setAttribute('aria-describedby', error.id);
    field.append(label, input, error);
    const actions = element('div', 'chat-panel__actions');
    const send = element('button', 'button', words.send);
    send.type = 'submit';
    const end = element('button', 'button button--secondary', words.end);
    end.type = 'button';
    actions.append(send, end);
    form.append(field, actions);
    section.append(heading, who, log, activity, readMark, form);
    const pane = { id: chat.id, customer: chat.customerName, section, log, activity, readMark, input, error, form };

    let lastTyping = 0;
    input.addEventListener('input', () => {
      if (Date.now() - lastTyping > 3000) {
        lastTyping = Date.now();
        connection.invoke('AgentTyping', chat.id).catch(() => {});
      }
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    input.addEventListener('focus', () => connection.invoke('AgentRead', chat.id).catch(() => {}));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      input.removeAttribute('aria-invalid');
      const answer = await connection.invoke('AgentSend', chat.id, input.value);
      if (answer.error) {
        error.textContent = answer.error;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      input.value = '';
      input.focus();
    });
    end.addEventListener('click', async () => {
      await connection.invoke('AgentEnd', chat.id);
      await refresh();
    });
    return pane;
  };

  const render = (view) => {
    if (waiting) {
      waiting.textContent = view.waiting === 0 ? waiting.dataset.none
        : view.waiting === 1 ? waiting.dataset.one : waiting.dataset.many.replace('{0}', String(view.waiting));
    }
    const held = new Set(view.chats.map((chat) => chat.id));
    for (const [id, pane] of panes) {
      if (!held.has(id)) { pane.section.remove(); panes.delete(id); }
    }
    if (panes.size === 0) panesRoot.replaceChildren();
    for (const chat of view.chats) {
      let pane = panes.get(chat.id);
      if (!pane) {
        pane = makePane(chat);
        panes.set(chat.id, pane);
        panesRoot.append(pane.section);
      }
      chat.lines.forEach((line) => addLine(pane, line));
      if (chat.read) pane.readMark.textContent = words.read;
    }
    if (view.chats.length === 0) panesRoot.replaceChildren(element('p', '', words.none));
  };

  const refresh = async () => render(await connection.invoke('AgentState'));

  connection.on('agentChanged', () => { refresh().catch(() => {}); });
  connection.on('message', (line) => {
    const pane = panes.get(line.conversationId);
    if (pane) addLine(pane, line); else refresh().catch(() => {});
  });
  connection.on('typing', (event) => {
    const pane = panes.get(event.conversationId);
    if (!pane) return;
    pane.activity.textContent = words.typing.replace('{0}', pane.customer);
    clearTimeout(typingTimers.get(pane.id));
    typingTimers.set(pane.id, setTimeout(() => { pane.activity.textContent = ''; }, 4000));
  });
  connection.on('read', (event) => {
    const pane = panes.get(event.conversationId);
    if (pane) pane.readMark.textContent = words.read;
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') for (const id of panes.keys()) connection.invoke('AgentRead', id).catch(() => {});
  });
  connection.onreconnected(() => refresh().catch(() => {}));

  // The heartbeat tells every instance this agent is still here; without it they count as offline after 90 seconds.
  const beat = async () => render(await connection.invoke('Heartbeat'));
  connection.start().then(beat).then(() => {
    root.dataset.live = 'true';
    document.getElementById('chat-needs-script')?.setAttribute('hidden', '');
    setInterval(() => beat().catch(() => {}), 30000);
  }).catch(() => { /* the page still works without the live part */ });
}
