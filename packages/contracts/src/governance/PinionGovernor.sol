// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/**
 * @dev The network's governance: holders of the {PinionToken} (once they delegate) propose and vote;
 * a passed proposal is queued in the {PinionTimelock}, which alone holds every admin role of the
 * network's contracts, and executes after the timelock's delay. Only this governor may cancel there:
 * the guardian holds no role in the timelock.
 *
 * OpenZeppelin's Governor, unchanged: settings adjustable by governance itself, simple for/against/
 * abstain counting, a quorum as a fraction of the supply that could vote at the proposal's snapshot.
 * The token's clock is timestamps (ERC-6372 `mode=timestamp`), so the voting delay and period are in
 * seconds.
 *
 * Production settings (`productionGovernance()` in the SDK) follow Compound's and Uniswap's Governor
 * Bravo deployments: a 2-day review before voting starts, a 7-day vote (Uniswap; Compound votes for
 * 3 days), a quorum of 4% of the supply in favour (both: 400,000 of 10 million COMP, 40 million of a
 * billion UNI), a 2-day timelock (both), and a proposal threshold of 0.25% of the supply (both, today).
 * The devnet's settings let a proposal pass in about half a minute.
 */
contract PinionGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    /**
     * @param token_ the voting token (ERC-5805, timestamp clock)
     * @param timelock_ the timelock that executes passed proposals
     * @param votingDelay_ seconds between a proposal and the start of its vote
     * @param votingPeriod_ seconds a vote lasts
     * @param proposalThreshold_ votes needed to propose
     * @param quorumPercent percent of the supply that must vote for (or abstain) for a proposal to pass
     */
    constructor(
        IVotes token_,
        TimelockController timelock_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumPercent
    )
        Governor("Pinion Governor")
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumPercent)
        GovernorTimelockControl(timelock_)
    {}

    /// @dev A proposal's state, including the timelock's view of queued proposals.
    function state(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (ProposalState)
    {
        return super.state(proposalId);
    }

    /// @dev Every proposal is queued in the timelock before it executes.
    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @dev Votes needed to propose (settable by governance).
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
