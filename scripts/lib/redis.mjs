// A minimal Redis client: these scripts run before `npm ci`, so they cannot use ioredis.
import net from 'node:net';

/** Sends one command, after the AUTH and SELECT that the URL implies, and resolves to its reply. */
export function redisCommand(url, args, timeoutMs = 2000) {
  const { hostname, port, username, password, pathname } = new URL(url);
  const commands = [];
  if (password) commands.push(['AUTH', ...(username ? [username] : []), password].map(decodeURIComponent));
  if (pathname.length > 1) commands.push(['SELECT', pathname.slice(1)]);
  commands.push(args);

  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port || 6379), hostname);
    const replies = [];
    let buffer = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('Redis did not answer in time')));
    socket.on('connect', () => socket.write(commands.map(encodeCommand).join('')));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        let parsed;
        while ((parsed = parseReply(buffer, 0))) {
          replies.push(parsed.value);
          buffer = buffer.subarray(parsed.end);
        }
      } catch (err) {
        socket.destroy(err);
        return;
      }
      if (replies.length < commands.length) return;
      socket.end();
      const failure = replies.find((r) => r instanceof Error);
      if (failure) reject(failure);
      else resolve(replies.at(-1));
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('Redis closed the connection'))); // no-op once settled
  });
}

function encodeCommand(args) {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`;
}

/** Parses one RESP2 reply at start; null while it is incomplete. */
function parseReply(buf, start) {
  const eol = buf.indexOf('\r\n', start);
  if (eol < 0) return null;
  const type = String.fromCharCode(buf[start]);
  const line = buf.toString('utf8', start + 1, eol);
  let end = eol + 2;
  switch (type) {
    case '+':
      return { value: line, end };
    case '-':
      return { value: new Error(line), end };
    case ':':
      return { value: Number(line), end };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end };
      if (buf.length < end + length + 2) return null;
      return { value: buf.toString('utf8', end, end + length), end: end + length + 2 };
    }
    case '*': {
      const items = [];
      for (let i = 0; i < Number(line); i++) {
        const item = parseReply(buf, end);
        if (!item) return null;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error('not a Redis server');
  }
}
