/**
 * The diagram pipeline in one call: Topology (+ traces + diagnostics) -> graph -> ELK layout -> routed
 * edges -> SVG. Used by `topo export` and by the language server's `topo/diagram` request.
 */
import { buildDiagramGraph } from './build-graph.js';
import { layoutBoxes } from './layout.js';
import { renderSvg } from './render-svg.js';
import { routeEdges } from './route-edges.js';
import type { DiagramInput, DiagramLayout } from './types.js';

export async function layoutDiagram(input: DiagramInput): Promise<DiagramLayout> {
    const graph = buildDiagramGraph(input);
    const { width, height, boxes, routes: elkRoutes } = await layoutBoxes(graph);
    const routes = routeEdges(graph, boxes, width, height, elkRoutes);
    return { graph, width, height, boxes, routes };
}

export async function renderDiagram(input: DiagramInput): Promise<{ svg: string; layout: DiagramLayout }> {
    const layout = await layoutDiagram(input);
    return { svg: renderSvg(layout), layout };
}
