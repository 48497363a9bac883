// Live updates of an open conversation (Features/Messaging/Conversation.cshtml). The hub only says that the conversation
// changed; the messages are fetched again from the page's own handler, which checks and audits the read. Without this
// script the page works by reload: the form posts and the server redirects back.
const live = document.getElementById('conversation-live');
const announcer = document.getElementById('conversation-announcer');

if (live && window.signalR) {
  const id = live.dataset.conversation;
  const count = () => live.querySelectorAll('.message').length;
  let refreshing = Promise.resolve();

  const refresh = async () => {
    const before = count();
    const response = await fetch(live.dataset.messagesUrl, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!response.ok) return;
    // Server-rendered and encoded by Razor, from our own origin.
    const fresh = document.createElement('template');
    fresh.innerHTML = await response.text();
    live.replaceChildren(fresh.content);
    const added = count() - before;
    if (added > 0 && announcer) {
      announcer.textContent = '';
      announcer.textContent = live.dataset.newMessage;
      live.querySelector('.message:last-child')?.scrollIntoView({ block: 'nearest' });
    }
  };

  const connection = new window.signalR.HubConnectionBuilder()
    .withUrl('/hubs/messages')
    .withAutomaticReconnect()
    .configureLogging(window.signalR.LogLevel.Warning)
    .build();
  connection.on('changed', (changed) => {
    if (changed === id) refreshing = refreshing.then(refresh, refresh);
  });
  const join = async () => {
    if (await connection.invoke('Join', id)) live.dataset.live = 'true';
  };
  connection.onreconnected(async () => {
    await join();
    refreshing = refreshing.then(refresh, refresh); // what was written while the connection was down
  });
  connection.start().then(join).catch(() => { /* the page still works by reload */ });
}
