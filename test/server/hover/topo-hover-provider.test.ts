import { beforeAll, describe, expect, it } from 'vitest';
import { expectHover } from 'langium/test';
import type { TopoLspServices } from '../../../server/topo-lsp-module.js';
import { lspServices, markers, openDocs } from '../lsp-services.js';

let services: TopoLspServices;
beforeAll(async () => {
    services = await lspServices();
});

const WEB = `
region ap-northeast-1 {
  az a = apne1-az4
  vpc web 10.0.0.0/16 dns-support dns-hostnames {
    igw igw
    subnet app-a 10.0.1.0/24 az a routes rt-app
    subnet pub-a 10.0.0.0/24 az a
    route-table rt-app {
      0.0.0.0/0 -> igw
      10.0.2.0/24 -> web-a
    }
    instance web-a in app-a ip 10.0.1.10
    endpoint s3 gateway s3 routes rt-app
    endpoint ssm interface ssm in app-a private-dns
  }
}
`;

async function hoverAt(text: string): Promise<string> {
    const { text: clean, offsets } = markers(text);
    const [doc] = await openDocs(services, [clean]);
    const hover = await services.lsp.HoverProvider!.getHoverContent(doc, {
        textDocument: { uri: doc.uri.toString() },
        position: doc.textDocument.positionAt(offsets[0]),
    });
    const contents = hover?.contents;
    return contents && typeof contents === 'object' && 'value' in contents ? contents.value : '';
}

describe('hover on a subnet: its resolved route table (VPC User Guide, route priority)', () => {
    it('lists every destination, the implicit local and prefix-list routes included, with the winner and why', async () => {
        const h = await hoverAt(WEB.replace('subnet app-a', 'subnet <|>app-a'));
        expect(h).toContain('Resolved routes');
        expect(h).toContain('`rt-app` (explicit association)');
        expect(h).toMatch(/\| 10.0.0.0\/16 \| local \| implicit local route \| ✓ only route for this destination/);
        expect(h).toMatch(/\| 0.0.0.0\/0 \| igw \| static \| ✓ only route for this destination/);
        expect(h).toContain('gateway endpoint (prefix list)');
        // 10.0.2.0/24 -> web-a is more specific than the local route: the local route is carved out there.
        expect(h).toMatch(/except more specific 10.0.2.0\/24 -&gt; web-a/);
    });

    it('says a subnet without an association uses the main table', async () => {
        const h = await hoverAt(WEB.replace('subnet pub-a', 'subnet pub<|>-a'));
        expect(h).toContain("the VPC's default main table");
        expect(h).not.toContain('0.0.0.0/0');
    });

    it('works on a reference to the subnet, not only its declaration', async () => {
        const h = await hoverAt(WEB.replace('in app-a ip', 'in app<|>-a ip'));
        expect(h).toContain('**subnet** `app-a`');
    });

    it('is shown for an instance too, with its address', async () => {
        const h = await hoverAt(WEB.replace('instance web-a', 'instance w<|>eb-a'));
        expect(h).toContain('**instance** `web-a`');
        expect(h).toContain('private `10.0.1.10`');
        expect(h).toContain('Resolved routes');
    });

    it('langium expectHover agrees on the heading (cursor marker helper)', async () => {
        await expectHover(services)({
            text: WEB.replace('subnet app-a', 'subnet a<|>pp-a'),
            index: 0,
            hover: /#### Resolved routes/,
        });
    });
});

describe('hover on a route: its standing in the table (VPC User Guide, route priority)', () => {
    it('says whether the route carries traffic, what carves pieces out of it, and who uses the table', async () => {
        const h = await hoverAt(WEB.replace('0.0.0.0/0 -> igw', '0.0.<|>0.0/0 -> igw'));
        expect(h).toContain('**route** `0.0.0.0/0 -> igw` in `rt-app`');
        expect(h).toContain('✓ only route for this destination');
        expect(h).toContain('except more specific 10.0.0.0/16 -&gt; local');
        expect(h).toContain('Used by `app-a`');
        expect(h).toContain('**CIDR** `0.0.0.0/0`');
    });

    it('a route that loses the tie for its destination says to which route and why', async () => {
        const text = WEB.replace(
            'vpc web 10.0.0.0/16 dns-support dns-hostnames {',
            'vpc web 10.0.0.0/16 dns-support dns-hostnames {\n    vgw vgw',
        ).replace('      10.0.2.0/24 -> web-a', '      10.0.2.0/24 -> web-a\n      10.0.2.0/24 <|>-> vgw propagated');
        const h = await hoverAt(text);
        expect(h).toContain('**route** `10.0.2.0/24 -> vgw`');
        expect(h).toMatch(/✗ loses to 10\.0\.2\.0\/24 -&gt; web-a \(static beats propagated\)/);
    });

    it('the target name of a route still shows the target element', async () => {
        const h = await hoverAt(WEB.replace('0.0.0.0/0 -> igw', '0.0.0.0/0 -> i<|>gw'));
        expect(h).toContain('**igw** `igw`');
    });

    it('a kind-qualified target (`igw:igw`) shows the target element, on its kind word or its name', async () => {
        for (const at of ['i<|>gw:igw', 'igw:ig<|>w']) {
            const h = await hoverAt(WEB.replace('0.0.0.0/0 -> igw', `0.0.0.0/0 -> ${at}`));
            expect(h, at).toContain('**igw** `igw`');
        }
    });
});

describe('hover on an endpoint: its DNS answers (PrivateLink Guide, "DNS hostnames")', () => {
    it('an interface endpoint with private DNS answers the service name privately inside its VPC', async () => {
        const h = await hoverAt(WEB.replace('endpoint ssm', 'endpoint s<|>sm'));
        expect(h).toContain('DNS answers');
        expect(h).toContain('ssm.ap-northeast-1.amazonaws.com');
        expect(h).toContain('private DNS (AWS-managed private hosted zone)');
        expect(h).toContain('regional endpoint name');
        expect(h).toMatch(/peered, TGW-connected and on-premises clients get the public answer/);
    });

    it('a gateway endpoint changes no DNS: a prefix-list route carries the traffic', async () => {
        const h = await hoverAt(WEB.replace('endpoint s3', 'endpoint <|>s3'));
        expect(h).toContain('No DNS change');
        expect(h).toContain('rt-app');
    });
});

describe('hover on a CIDR: range, usable addresses and overlaps', () => {
    it('a subnet CIDR shows its range and the 5 addresses AWS reserves', async () => {
        const h = await hoverAt(WEB.replace('10.0.1.0/24 az a', '10.0.<|>1.0/24 az a'));
        expect(h).toContain('`10.0.1.0` – `10.0.1.255` · 256 addresses');
        expect(h).toContain('251 usable');
    });

    it('overlapping VPCs joined only through PrivateLink: the hover says why it is fine', async () => {
        const text = `
region us-east-1 {
  az a
  vpc provider 10.0.0.0/16 {
    subnet p-a 10.0.0.0/24 az a
    instance app in p-a
    nlb front in p-a targets app
  }
  endpoint-service svc backed-by provider.front
  vpc consumer 10.<|>0.0.0/16 {
    subnet c-a 10.0.0.0/24 az a
    endpoint ep interface svc in c-a
  }
}`;
        const h = await hoverAt(text);
        expect(h).toContain('Overlaps VPC `provider`');
        expect(h).toContain('fine, because they are joined only through PrivateLink');
    });

    it('overlapping peered VPCs: the hover says it is a conflict', async () => {
        const text = `
region us-east-1 {
  vpc a 10.<|>0.0.0/16
  vpc b 10.0.0.0/16
}
peering ab a <-> b`;
        const h = await hoverAt(text);
        expect(h).toContain('peered through `ab`');
        expect(h).not.toContain('fine, because');
    });
});

describe('hover on trace and expect statements: verdict and hops', () => {
    it('shows the verdict and numbered hops', async () => {
        const h = await hoverAt(`${WEB}\n<|>trace web-a -> internet`);
        expect(h).toContain('**trace**');
        expect(h).toMatch(/✗ blocked|✓ reachable/);
        expect(h).toMatch(/^1\. /m);
    });
});

describe('hover escapes names from the file', () => {
    it('renders markup in a name as text', async () => {
        const h = await hoverAt(`region r {\n  vpc v 10.0.0.0/16 {\n    subnet <|>x_y_ 10.0.0.0/24\n  }\n}`);
        expect(h).toContain('`x_y_`');
        expect(h).not.toMatch(/<(?!\|)/);
    });
});
