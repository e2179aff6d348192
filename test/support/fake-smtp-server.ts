import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  /** Headers and body as sent, with quoted-printable soft breaks and escapes undone. */
  readonly data: string;
}

export interface FakeSmtpServer {
  readonly url: string;
  readonly received: ReceivedMail[];
  close(): Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Just enough SMTP on loopback for nodemailer to deliver plain messages into a list. */
export async function startFakeSmtpServer(): Promise<FakeSmtpServer> {
  const received: ReceivedMail[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let mail = { from: '', to: [] as string[] };
    const reply = (line: string) => socket.write(`${line}\r\n`);

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          received.push({ ...mail, data: decodeQuotedPrintable(buffer.slice(0, end)) });
          buffer = buffer.slice(end + 5);
          inData = false;
          mail = { from: '', to: [] };
          reply('250 Queued');
          continue;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return;
        const line = buffer.slice(0, lineEnd);
        buffer = buffer.slice(lineEnd + 2);
        const command = line.slice(0, 4).toUpperCase();
        if (command === 'EHLO' || command === 'HELO') reply('250 fake-smtp');
        else if (command === 'MAIL') mail.from = line.slice(10).trim();
        else if (command === 'RCPT') mail.to.push(line.slice(8).trim());
        else if (command === 'DATA') {
          inData = true;
          reply('354 Go ahead');
          continue;
        } else if (command === 'QUIT') {
          reply('221 Bye');
          socket.end();
          return;
        }
        if (command === 'MAIL' || command === 'RCPT' || command === 'RSET' || command === 'NOOP')
          reply('250 OK');
        else if (command !== 'EHLO' && command !== 'HELO') reply('502 Not implemented');
      }
    });
    reply('220 fake-smtp ESMTP');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
