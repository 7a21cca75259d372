/**
 * What the Signflow nodes do, as n8n's node panel shows it. The panel lists an
 * action node and its trigger (the same type name ending in "Trigger") as one
 * entry, and gives that entry the trigger's description (the editor's
 * generateMergedNodesAndActions: `app.description = trigger.description`),
 * which the header of a community node's actions shows. So the trigger carries
 * this same text: with a trigger-only description there, browsing Signflow's
 * actions described the trigger.
 */
export const SIGNFLOW_DESCRIPTION = 'Get documents signed: signing workflows, signers, fields, signed PDFs (self-hosted)';
