import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MediaFailure } from '../../src/data/media-failure.js';
import { AddressPolicy } from '../../src/data/sources/address-policy.js';
import { remoteFileName } from '../../src/data/sources/remote-downloader.js';

describe('the addresses a download may reach', () => {
  const strict = new AddressPolicy({ allowPrivate: false, allowedNetworks: [] });

  it('refuses private, loopback, link-local and other internal ranges of both families', () => {
    const internal = [
      '127.0.0.1',
      '127.200.0.9',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.10.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ];
    for (const address of internal) assert.equal(strict.allows(address), false, address);
  });

  it('lets public addresses through, including neighbours of the internal ranges', () => {
    for (const address of [
      '8.8.8.8',
      '172.32.0.1',
      '172.15.255.255',
      '192.169.0.1',
      '2001:4860::8888',
      '::ffff:8.8.8.8',
    ]) {
      assert.equal(strict.allows(address), true, address);
    }
  });

  it('refuses anything that is not an IP address', () => {
    assert.equal(strict.allows('localhost'), false);
    assert.equal(strict.allows(''), false);
  });

  it('lets the allowed networks through and nothing else that is internal', () => {
    const policy = new AddressPolicy({
      allowPrivate: false,
      allowedNetworks: ['127.0.0.0/8', '10.9.8.7', 'fd00::/8'],
    });
    for (const address of ['127.0.0.1', '127.3.2.1', '10.9.8.7', 'fd00::5', '::ffff:127.0.0.1']) {
      assert.equal(policy.allows(address), true, address);
    }
    for (const address of ['10.9.8.6', '192.168.0.1', '169.254.169.254', '::1', 'fe80::1']) {
      assert.equal(policy.allows(address), false, address);
    }
  });

  it('lets every address through when private addresses are allowed', () => {
    const open = new AddressPolicy({ allowPrivate: true, allowedNetworks: [] });
    assert.equal(open.allows('127.0.0.1'), true);
    assert.equal(open.allows('169.254.169.254'), true);
  });
});

describe('the name a download is stored under', () => {
  it('is the last component of the path, decoded, without the query string or fragment', () => {
    assert.equal(remoteFileName('https://example.com/a/b/image.jpg'), 'image.jpg');
    assert.equal(remoteFileName('https://example.com/image.jpg?X-Amz-Signature=abc#part'), 'image.jpg');
    assert.equal(remoteFileName('http://example.com/my%20photo.png'), 'my photo.png');
    assert.equal(remoteFileName('http://example.com/100%.png'), '100%.png');
  });

  it('never leaves the upload area, whatever the encoding', () => {
    assert.equal(remoteFileName('http://example.com/a/..%2F..%2Fetc%2Fpasswd'), 'passwd');
    assert.equal(remoteFileName('http://example.com/x/..%5Cevil.jpg'), 'evil.jpg');
  });

  it('fails for URLs that name no file, with CVAT-style texts', () => {
    const cases: [string, string][] = [
      ['not a url', 'Exception: Invalid URL: not a url. It is not an absolute URL'],
      [
        'http://example.com/',
        'Exception: Invalid URL: http://example.com/. Its path does not end in a file name',
      ],
      [
        'http://example.com/dir/%2e%2e',
        'Exception: Invalid URL: http://example.com/dir/%2e%2e. Its path does not end in a file name',
      ],
    ];
    for (const [url, message] of cases) {
      assert.throws(
        () => remoteFileName(url),
        (error: unknown) => error instanceof MediaFailure && error.message === message,
        url,
      );
    }
  });
});
