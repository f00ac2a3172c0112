// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/**
 * @dev OpenZeppelin's TimelockController, wired the one way a Pinion network uses it: the
 * {PinionGovernor} is the only proposer and canceller, anyone may execute a proposal once its delay
 * has passed, and there is no admin besides the timelock itself, so even its own roles and delay
 * change only by proposal.
 *
 * The guardian may not cancel: it could then cancel the very proposal that removes it, and token
 * holders could never be rid of a guardian gone bad. Its powers stay with roots and pauses.
 *
 * The timelock holds every admin role of the network's contracts: it is "governance".
 */
contract PinionTimelock is TimelockController {
    /**
     * @param minDelay seconds between a proposal being queued and its execution
     * @param governor the only proposer and canceller
     */
    constructor(uint256 minDelay, address governor) TimelockController(minDelay, _one(governor), _one(address(0)), address(0)) {}

    function _one(address account) private pure returns (address[] memory accounts) {
        accounts = new address[](1);
        accounts[0] = account;
    }
}
