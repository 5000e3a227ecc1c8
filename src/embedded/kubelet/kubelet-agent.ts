/**
 * The workload agent of one managed cluster: the Deployment, ReplicaSet and StatefulSet controllers (the
 * kube-controller-manager's part) and the kubelet (running pods as real processes), on one Manager. Stopping the
 * agent — a cluster going dark — kills every container process at once.
 */
import { mkdir } from 'node:fs/promises';
import type { AgentFactory } from '../agent.js';
import { ManagerAgent } from '../manager-agent.js';
import { VOLUME_AGENT_TUNING } from '../volumes/volume-agent-tuning.js';
import { podsRoot } from './cri-log.js';
import { deploymentController } from './deployment-controller.js';
import { Kubelet } from './pod-controller.js';
import { replicaSetController } from './replica-set-controller.js';
import { statefulSetController } from './stateful-set-controller.js';

/** The kubelet and workload controller agents every managed cluster runs. */
export const kubeletAgentFactories: readonly AgentFactory[] = [
  {
    name: 'kubelet',
    placement: 'managed',
    create: (context) => {
      let kubelet: Kubelet | undefined;
      return new ManagerAgent({
        name: 'kubelet',
        context,
        clusters: 'cluster',
        tuning: VOLUME_AGENT_TUNING,
        setup: async (manager) => {
          await mkdir(podsRoot(context.stateDir), { recursive: true });
          manager.addController(deploymentController(manager));
          manager.addController(replicaSetController(manager, context.clusterName));
          manager.addController(statefulSetController(manager, context.clusterName));
          kubelet = new Kubelet(manager, context);
          kubelet.register();
        },
        afterStop: async () => {
          await kubelet?.stopAll();
          kubelet = undefined;
        },
      });
    },
  },
];
