import { useEffect, useState } from 'react';

/**
 * The place a workbench page works on, among those the user may pick (node chips): the first one
 * until the user picks another, once the list is known.
 */
export function useNodePick(nodes: ReadonlyArray<{ nodeId: number }>): [number | null, (id: number | null) => void] {
  const [nodeId, setNodeId] = useState<number | null>(null);
  useEffect(() => {
    if (!nodeId && nodes.length) setNodeId(nodes[0].nodeId);
  }, [nodeId, nodes]);
  return [nodeId, setNodeId];
}
