import { beforeAll, describe, expect, it } from 'vitest';
import { expectCompletion } from 'langium/test';
import type { CompletionItem } from 'vscode-languageserver';
import type { TopoLspServices } from '../../../server/topo-lsp-module.js';
import { lspServices, markers, openDocs } from '../lsp-services.js';

let services: TopoLspServices;
beforeAll(async () => {
    services = await lspServices();
});

async function complete(text: string, others: string[] = []): Promise<CompletionItem[]> {
    const { text: clean, offsets } = markers(text);
    const docs = await openDocs(services, [clean, ...others]);
    const doc = docs[0];
    const list = await services.lsp.CompletionProvider!.getCompletion(doc, {
        textDocument: { uri: doc.uri.toString() },
        position: doc.textDocument.positionAt(offsets[0]),
    });
    return list?.items ?? [];
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('completion of a subnet CIDR: the next free block inside the VPC', () => {
    const vpc = (extra: string) => `
region ap-northeast-1 {
  az a = apne1-az4
  az c = apne1-az1
  vpc web 10.0.0.0/24 {
    subnet a1 10.0.0.0/28 az a
    subnet a2 10.0.0.16/28 az a
    subnet a3 10.0.0.32/28 az c
    ${extra}
  }
}`;

    it('offers the first free block of the size most subnets have, preselected', async () => {
        const items = await complete(vpc('subnet new-one <|>'));
        const first = items.find((i) => i.preselect)!;
        expect(first.label).toBe('10.0.0.48/28');
        expect(first.detail).toMatch(/^next free \/28 in VPC web/);
    });

    it('offers other sizes, each aligned and free', async () => {
        const items = await complete(vpc('subnet new-one <|>'));
        expect(labels(items)).toContain('10.0.0.64/26');
        expect(labels(items)).not.toContain('10.0.0.0/26');
    });

    it('langium expectCompletion with a cursor marker sees the same item', async () => {
        await expectCompletion(services)({
            text: vpc('subnet new-one <|>'),
            index: 0,
            assert: (list) => expect(list.items.map((i) => i.label)).toContain('10.0.0.48/28'),
        });
    });
});

describe('completion of names', () => {
    const text = (rest: string) => `
region us-east-1 {
  az a = use1-az1
  az b = use1-az2
  vpc p 10.1.0.0/16 {
    subnet pa 10.1.0.0/24 az a
    instance app in pa
    nlb front in pa targets app
    gwlb insp in pa targets app
  }
  endpoint-service api backed-by p.front
  endpoint-service fw backed-by p.insp
  vpc c 10.2.0.0/16 {
    subnet ca 10.2.0.0/24 az a
    ${rest}
  }
}`;

    it('offers the AZs of the region, with their AZ IDs (AZ names map to AZ IDs per account)', async () => {
        const items = await complete(text('subnet cb 10.2.1.0/24 az <|>'));
        expect(labels(items)).toEqual(expect.arrayContaining(['a', 'b']));
        expect(items.find((i) => i.label === 'b')!.detail).toContain('use1-az2');
    });

    it('names in scope are filtered by kind: `in` offers subnets, not instances', async () => {
        const items = await complete(text('instance x in <|>'));
        expect(labels(items)).toContain('ca');
        expect(labels(items)).not.toContain('app');
    });

    it('a gateway endpoint is offered only S3 and DynamoDB (PrivateLink Guide: gateway endpoints)', async () => {
        const items = await complete(text('endpoint g gateway <|>'));
        expect(labels(items)).toEqual(expect.arrayContaining(['s3', 'dynamodb']));
        expect(labels(items)).not.toContain('ssm');
        expect(labels(items)).not.toContain('api');
    });

    it('an interface endpoint is offered interface services and NLB-backed endpoint services; a GWLB endpoint only GWLB-backed ones', async () => {
        const iface = labels(await complete(text('endpoint i interface <|>')));
        expect(iface).toEqual(expect.arrayContaining(['ssm', 'api']));
        expect(iface).not.toContain('fw');
        const gwlb = labels(await complete(text('endpoint e gwlb <|>')));
        expect(gwlb).toContain('fw');
        expect(gwlb).not.toContain('api');
        expect(gwlb).not.toContain('ssm');
    });

    it('a VPC block is offered a /16 that overlaps no other VPC', async () => {
        const items = await complete(`region us-east-1 {\n  vpc a 10.0.0.0/16\n  vpc b <|>\n}`);
        expect(labels(items)).toContain('10.1.0.0/16');
        expect(labels(items)).not.toContain('10.0.0.0/16');
    });

    it('region names after `region` in a trace', async () => {
        const items = await complete(`trace a -> s3 region <|>`);
        expect(labels(items)).toContain('eu-west-1');
    });
});

describe('completion of names that elements of several kinds share', () => {
    const text = (rest: string) => `
region us-east-1 {
  az a = use1-az1
  vpc shop 10.0.0.0/16 {
    subnet gwlbe-a 10.0.1.0/24 az a
    subnet app 10.0.2.0/24 az a
    instance web in app
    endpoint gwlbe-a interface ssm in gwlbe-a
  }
  ${rest}
}`;

    it('where a position takes several kinds, a shared name is offered with its kind: subnet:gwlbe-a, endpoint:gwlbe-a', async () => {
        const items = await complete(text('trace web -> gw<|>'));
        expect(labels(items)).toEqual(['subnet:gwlbe-a', 'endpoint:gwlbe-a']);
        expect(items.map((i) => (i.textEdit as { newText: string } | undefined)?.newText)).toEqual([
            'subnet:gwlbe-a',
            'endpoint:gwlbe-a',
        ]);
    });

    it('after a kind word, only names of that kind, inserted after the colon', async () => {
        const items = await complete(text('expect web -> internet reachable via subnet:<|>'));
        expect(labels(items).sort()).toEqual(['app', 'gwlbe-a', 'shop.app', 'shop.gwlbe-a']);
        expect(labels(await complete(text('trace web -> endpoint:g<|>')))).toEqual(['gwlbe-a']);
    });
});
