// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/**
 * @dev OpenZeppelin's TimelockController, wired the one way a Pinion network uses it: the
 * {PinionGovernor} is the only proposer (and a canceller), anyone may execute a proposal once its
 * delay has passed, the guardian (when there is one) may cancel a queued proposal, and there is no
 * admin besides the timelock itself, so even its own roles and delay change only by proposal.
 *
 * The timelock holds every admin role of the network's contracts: it is "governance".
 */
contract PinionTimelock is TimelockController {
    /**
     * @param minDelay seconds between a proposal being queued and its execution
     * @param governor the only proposer
     * @param guardian_ may cancel queued proposals (zero: no guardian)
     */
    constructor(uint256 minDelay, address governor, address guardian_)
        TimelockController(minDelay, _one(governor), _one(address(0)), address(0))
    {
        if (guardian_ != address(0)) _grantRole(CANCELLER_ROLE, guardian_);
    }

    function _one(address account) private pure returns (address[] memory accounts) {
        accounts = new address[](1);
        accounts[0] = account;
    }
}
