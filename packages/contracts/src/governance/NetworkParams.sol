// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/**
 * @dev The network's parameters in force per epoch, by hash. Each named set of parameters (a kind's,
 * like `"kind/uptime"`, or the network's pools, `"pools"`) has a history of `(hash, fromEpoch)`: the
 * oracles compute epoch `e` with the parameters whose hash is in force at `e`, and sign that hash
 * into the epoch's root (`paramsHash`), so anyone can check which rules paid an epoch.
 *
 * History never changes for an epoch that has begun: governance (`DEFAULT_ADMIN_ROLE`, the timelock)
 * may only schedule a change for a later epoch, after its own voting period and delay. The initial
 * values, in force from epoch 0, are constructor inputs, so they are fixed before any role exists.
 *
 * Epoch `e` covers `[genesisTime + e·epochDuration, genesisTime + (e+1)·epochDuration)`, the same
 * schedule as {Emissions}.
 */
contract NetworkParams is AccessControl {
    /// @notice A parameter set's hash and the first epoch it is in force.
    struct Entry {
        bytes32 hash;
        uint64 fromEpoch;
    }

    /// @notice An initial parameter set, in force from epoch 0.
    struct Initial {
        string name;
        bytes32 hash;
    }

    /// @notice Emitted when `name`'s parameters with `hash` were scheduled from `fromEpoch`.
    event ParamsScheduled(string name, bytes32 hash, uint64 fromEpoch);

    /// @notice Thrown when `name` has no parameters (at the epoch asked for).
    error NoParams(string name);
    /// @notice Thrown when a change is scheduled for an epoch that has begun (`currentEpoch` or earlier).
    error EpochNotInFuture(uint64 fromEpoch, uint64 currentEpoch);
    /// @notice Thrown when a change is scheduled before the latest one already scheduled for `name`.
    error EpochBeforeLatest(string name, uint64 fromEpoch, uint64 latestFromEpoch);
    /// @notice Thrown when a name is empty, or given twice at construction.
    error InvalidName(string name);
    /// @notice Thrown when the epoch duration is zero.
    error InvalidEpochDuration();

    uint64 private immutable _genesisTime;
    uint64 private immutable _epochDuration;
    mapping(bytes32 key => Entry[]) private _history;
    string[] private _names;

    /**
     * @param admin governance: may schedule changes
     * @param genesisTime_ start of epoch 0 (unix seconds)
     * @param epochDuration_ length of an epoch in seconds
     * @param initial the parameter sets in force from epoch 0
     */
    constructor(address admin, uint64 genesisTime_, uint64 epochDuration_, Initial[] memory initial) {
        if (epochDuration_ == 0) revert InvalidEpochDuration();
        _genesisTime = genesisTime_;
        _epochDuration = epochDuration_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        for (uint256 i = 0; i < initial.length; ++i) {
            if (_history[_key(initial[i].name)].length != 0) revert InvalidName(initial[i].name);
            _record(initial[i].name, initial[i].hash, 0);
        }
    }

    /**
     * @dev Schedules `name`'s parameters with `hash` from `fromEpoch` on. Scheduling again for the
     * epoch of the latest entry replaces it (that entry has not taken effect yet).
     *
     * Requirements:
     * - the caller has `DEFAULT_ADMIN_ROLE`;
     * - `fromEpoch` is after the current epoch, and not before `name`'s latest entry.
     */
    function schedule(string calldata name, bytes32 hash, uint64 fromEpoch) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint64 current = currentEpoch();
        if (fromEpoch <= current) revert EpochNotInFuture(fromEpoch, current);
        Entry[] storage history = _history[_key(name)];
        uint256 length = history.length;
        if (length != 0) {
            Entry storage latest = history[length - 1];
            if (fromEpoch < latest.fromEpoch) revert EpochBeforeLatest(name, fromEpoch, latest.fromEpoch);
            if (fromEpoch == latest.fromEpoch) {
                latest.hash = hash;
                emit ParamsScheduled(name, hash, fromEpoch);
                return;
            }
        }
        _record(name, hash, fromEpoch);
    }

    /**
     * @dev The parameters of `name` in force at `epoch`: their hash and the epoch they took effect.
     * Reverts with {NoParams} when none are.
     */
    function paramsAt(string calldata name, uint64 epoch) external view returns (bytes32 hash, uint64 fromEpoch) {
        Entry[] storage history = _history[_key(name)];
        // Newest first: lookups are almost always for recent epochs, and histories are short.
        for (uint256 i = history.length; i > 0; --i) {
            Entry storage entry = history[i - 1];
            if (entry.fromEpoch <= epoch) return (entry.hash, entry.fromEpoch);
        }
        revert NoParams(name);
    }

    /// @dev Every entry of `name`, oldest first.
    function historyOf(string calldata name) external view returns (Entry[] memory) {
        return _history[_key(name)];
    }

    /// @dev Every name that has parameters, in the order they first appeared.
    function names() external view returns (string[] memory) {
        return _names;
    }

    /// @dev The epoch containing the current block (0 before genesis).
    function currentEpoch() public view returns (uint64) {
        if (block.timestamp < _genesisTime) return 0;
        return uint64((block.timestamp - _genesisTime) / _epochDuration);
    }

    /// @dev The epoch schedule: start of epoch 0 and epoch length, in seconds.
    function epochSchedule() external view returns (uint64 genesisTime, uint64 epochDuration) {
        return (_genesisTime, _epochDuration);
    }

    function _record(string memory name, bytes32 hash, uint64 fromEpoch) private {
        if (bytes(name).length == 0) revert InvalidName(name);
        Entry[] storage history = _history[_key(name)];
        if (history.length == 0) _names.push(name);
        history.push(Entry(hash, fromEpoch));
        emit ParamsScheduled(name, hash, fromEpoch);
    }

    function _key(string memory name) private pure returns (bytes32) {
        return keccak256(bytes(name));
    }
}
