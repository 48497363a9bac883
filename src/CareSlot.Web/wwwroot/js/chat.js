// The chat panel behind the footer's "Chat with us" (Features/LiveChat/_ChatWidget.cshtml). Without this script the
// link opens the help desk's request form. Every text from a person is put on the page with textContent, never as HTML.
const launcher = document.getElementById('chat-launcher');
const template = document.getElementById('chat-template');

if (launcher && template && 'content' in template) {
  const words = template.dataset;
  let panel = null;
  let connection = null;
  let lastTyping = 0;
  let typingTimer = 0;
  const seen = new Set();

  const $ = (selector) => panel.querySelector(selector);
  const say = (text) => { $('#chat-status').textContent = text; };

  const loadSignalR = () => window.signalR ? Promise.resolve() : new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = words.signalr;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });

  const showError = (field, message) => {
    const target = panel.querySelector(`#chat-${field}-error`) || $('#chat-message-error');
    target.textContent = message;
    target.hidden = false;
    const input = panel.querySelector(`#chat-${field}`);
    if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
  };

  const clearErrors = () => {
    panel.querySelectorAll('.field-error').forEach((e) => { e.hidden = true; e.textContent = ''; });
    panel.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  };

  const addLine = (line) => {
    if (seen.has(line.id)) return;
    seen.add(line.id);
    const item = document.createElement('li');
    item.className = line.fromAgent ? 'message' : 'message message--mine';
    const meta = document.createElement('p');
    meta.className = 'message__meta';
    const sender = document.createElement('span');
    sender.className = 'message__sender';
    sender.textContent = line.fromAgent ? words.support : words.you;
    const time = document.createElement('span');
    time.textContent = line.time;
    meta.append(sender, ' ', time);
    const body = document.createElement('p');
    body.className = 'message__body';
    body.setAttribute('translate', 'no');
    body.textContent = line.text;
    item.append(meta, body);
    const log = $('#chat-log');
    log.append(item);
    log.scrollTop = log.scrollHeight;
    if (line.fromAgent) {
      $('#chat-activity').textContent = '';
      markRead();
    } else {
      $('#chat-read').textContent = ''; // a new line of ours the agent has not read yet
    }
  };

  const markRead = () => {
    if (connection && panel && !panel.hidden && document.visibilityState === 'visible') connection.invoke('Read').catch(() => {});
  };

  const showState = (status, position, noAgentOnline) => {
    const talking = status === 'waiting' || status === 'active';
    $('[data-chat-start]').hidden = true;
    // Waiting while no agent is online any more: the help desk is offered beside the place in the queue.
    $('[data-chat-unavailable]').hidden = !(status === 'waiting' && noAgentOnline);
    $('[data-chat-talk]').hidden = false;
    $('[data-chat-send]').hidden = !talking;
    if (status === 'waiting') say(words.waiting.replace('{0}', String(position ?? 1)));
    else if (status === 'active') say(words.active);
    else {
      say(words.closed);
      sessionStorage.removeItem('careslot.chat');
    }
  };

  const showChat = (chat) => {
    chat.lines.forEach(addLine);
    showState(chat.status, chat.position);
    if (chat.read) $('#chat-read').textContent = words.read;
    sessionStorage.setItem('careslot.chat', 'open');
  };

  const connect = async () => {
    if (connection) return;
    say(words.connecting);
    await loadSignalR();
    if (words.signedIn !== 'true') {
      // The key that binds a visitor's chat to this browser: an HttpOnly cookie, which no script can read.
      const response = await fetch('/api/v1/chat/visitor-key', { method: 'POST', credentials: 'same-origin' });
      if (!response.ok) throw new Error('no key');
    }
    connection = new window.signalR.HubConnectionBuilder()
      .withUrl('/hubs/chat')
      .withAutomaticReconnect()
      .configureLogging(window.signalR.LogLevel.Warning)
      .build();
    connection.on('message', addLine);
    connection.on('state', (state) => showState(state.status, state.position, state.noAgentOnline));
    connection.on('typing', () => {
      $('#chat-activity').textContent = words.typing;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => { $('#chat-activity').textContent = ''; }, 4000);
    });
    connection.on('read', () => { $('#chat-read').textContent = words.read; });
    connection.onreconnected(resume);
    await connection.start();
    await resume();
  };

  const resume = async () => {
    const answer = await connection.invoke('Resume');
    if (answer.chat) showChat(answer.chat);
    else say('');
  };

  const start = async (event) => {
    event.preventDefault();
    if (!connection) { say(words.failed); return; }
    clearErrors();
    const name = panel.querySelector('#chat-name')?.value ?? null;
    const email = panel.querySelector('#chat-email')?.value ?? null;
    const answer = await connection.invoke('Start', name, email);
    if (answer.noAgentOnline) {
      $('[data-chat-start]').hidden = true;
      $('[data-chat-unavailable]').hidden = false;
      say('');
      $('[data-chat-unavailable] a').focus();
      return;
    }
    if (answer.error) { showError(answer.field ?? 'message', answer.error); return; }
    showChat(answer.chat);
    $('#chat-message').focus();
  };

  const send = async (event) => {
    event.preventDefault();
    if (!connection) { say(words.failed); return; }
    clearErrors();
    const input = $('#chat-message');
    const answer = await connection.invoke('Send', input.value);
    if (answer.error) { showError('message', answer.error); return; }
    input.value = '';
    input.focus();
  };

  const end = async () => {
    if (!connection) { say(words.failed); return; }
    await connection.invoke('End');
    showState('closed');
    launcher.focus();
  };

  const close = () => {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  };

  const build = () => {
    panel = template.content.firstElementChild.cloneNode(true);
    document.body.append(panel);
    $('[data-chat-close]').addEventListener('click', close);
    panel.addEventListener('keydown', (event) => { if (event.key === 'Escape') { event.preventDefault(); close(); } });
    $('[data-chat-start]').addEventListener('submit', start);
    $('[data-chat-send]').addEventListener('submit', send);
    $('[data-chat-end]').addEventListener('click', end);
    const input = $('#chat-message');
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); $('[data-chat-send]').requestSubmit(); }
    });
    input.addEventListener('input', () => {
      // At most one "typing" every 3 seconds: the agent's indicator lasts 4.
      if (connection && Date.now() - lastTyping > 3000) {
        lastTyping = Date.now();
        connection.invoke('Typing').catch(() => {});
      }
    });
    panel.addEventListener('focusin', markRead);
  };

  const open = async () => {
    if (!panel) build();
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    $('#chat-title').setAttribute('tabindex', '-1');
    $('#chat-title').focus();
    try {
      await connect();
      panel.dataset.live = 'true';
      markRead();
    } catch {
      connection = null;
      say(words.failed);
    }
  };

  launcher.setAttribute('role', 'button');
  launcher.setAttribute('aria-haspopup', 'dialog');
  launcher.setAttribute('aria-expanded', 'false');
  launcher.addEventListener('click', (event) => { event.preventDefault(); open(); });
  launcher.addEventListener('keydown', (event) => { if (event.key === ' ') { event.preventDefault(); open(); } });
  document.addEventListener('visibilitychange', markRead);
  // A chat going on when the person moved to another page: open it again there.
  if (sessionStorage.getItem('careslot.chat') === 'open') open();
}
