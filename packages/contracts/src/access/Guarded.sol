// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/**
 * @dev A guardian beside governance. Governance (`DEFAULT_ADMIN_ROLE`, held by the timelock once a
 * network is deployed) holds every power; the guardian (a multisig in production) may only do what a
 * contract grants it with {onlyGuardianOrGovernance}: pause, and whatever veto the contract defines.
 * It can never move funds, grant roles, or change who signs or gets paid.
 *
 * The guardian is the one role that lives outside the timelock, so it changes hands in two steps:
 * the guardian or governance names a successor, and the successor accepts. A typo can never hand the
 * guardian's powers to an address nobody controls. Governance may also remove the guardian outright.
 */
abstract contract Guarded is AccessControl, Pausable {
    address private _guardian;
    address private _pendingGuardian;

    /// @notice Emitted when `next` was named to succeed `current` as guardian.
    event GuardianTransferStarted(address indexed current, address indexed next);
    /// @notice Emitted when the guardian changed from `previous` to `next` (zero: no guardian).
    event GuardianChanged(address indexed previous, address indexed next);

    /// @notice Thrown when `caller` is neither the guardian nor governance.
    error NotGuardianOrGovernance(address caller);
    /// @notice Thrown when `caller` accepts the guardian role without having been named for it.
    error NotPendingGuardian(address caller);

    /// @param guardian_ the first guardian (zero: none)
    constructor(address guardian_) {
        _guardian = guardian_;
        emit GuardianChanged(address(0), guardian_);
    }

    modifier onlyGuardianOrGovernance() {
        if (msg.sender != _guardian && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert NotGuardianOrGovernance(msg.sender);
        }
        _;
    }

    /// @dev The guardian (zero when there is none).
    function guardian() public view returns (address) {
        return _guardian;
    }

    /// @dev The successor named by {transferGuardian}, until it accepts.
    function pendingGuardian() external view returns (address) {
        return _pendingGuardian;
    }

    /// @dev Names `next` as the next guardian; it takes over when it calls {acceptGuardian}.
    function transferGuardian(address next) external onlyGuardianOrGovernance {
        _pendingGuardian = next;
        emit GuardianTransferStarted(_guardian, next);
    }

    /// @dev Completes a handover started by {transferGuardian}.
    function acceptGuardian() external {
        if (msg.sender != _pendingGuardian) revert NotPendingGuardian(msg.sender);
        emit GuardianChanged(_guardian, msg.sender);
        _guardian = msg.sender;
        delete _pendingGuardian;
    }

    /// @dev Governance removes the guardian (and any named successor).
    function removeGuardian() external onlyRole(DEFAULT_ADMIN_ROLE) {
        emit GuardianChanged(_guardian, address(0));
        delete _guardian;
        delete _pendingGuardian;
    }

    /// @dev Pauses what the contract marks `whenNotPaused`.
    function pause() external onlyGuardianOrGovernance {
        _pause();
    }

    /// @dev Lifts a pause.
    function unpause() external onlyGuardianOrGovernance {
        _unpause();
    }
}
