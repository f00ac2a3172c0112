// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IEmissions} from "../interfaces/IEmissions.sol";
import {IMintableToken} from "../interfaces/IMintableToken.sol";
import {RewardDistributor} from "./RewardDistributor.sol";

/**
 * @dev The token's only minter. Epoch `e` covers `[genesisTime + e·epochDuration,
 * genesisTime + (e+1)·epochDuration)`; once it has ended, anyone may {release} it: its emission,
 * `initialEpochEmission >> (e / halvingInterval)`, is minted and funds the {RewardDistributor}.
 *
 * The schedule halves like Helium's (HIP-20: halvings every two years) and Bitcoin's, and stops at
 * the token's cap: whatever the cap leaves no room for is not minted. Supply burnt later (fees,
 * service credits) makes room again, as in Helium's net emissions.
 *
 * Nothing here reads the wall clock beyond `block.timestamp`, and the parameters are constructor
 * inputs, never constants.
 */
contract Emissions is IEmissions {
    using SafeERC20 for IMintableToken;

    IMintableToken private immutable _token;
    RewardDistributor private immutable _distributor;
    uint64 private immutable _genesisTime;
    uint64 private immutable _epochDuration;
    uint256 private immutable _initialEpochEmission;
    uint64 private immutable _halvingInterval;

    /// @dev Epochs `[0, _releasedEpochs)` have been released.
    uint64 private _releasedEpochs;

    constructor(IMintableToken token_, RewardDistributor distributor_, Schedule memory schedule_) {
        if (schedule_.epochDuration == 0) revert InvalidSchedule("epochDuration");
        if (schedule_.initialEpochEmission == 0) revert InvalidSchedule("initialEpochEmission");
        _token = token_;
        _distributor = distributor_;
        _genesisTime = schedule_.genesisTime;
        _epochDuration = schedule_.epochDuration;
        _initialEpochEmission = schedule_.initialEpochEmission;
        _halvingInterval = schedule_.halvingInterval;
    }

    /// @inheritdoc IEmissions
    function release() external returns (uint256 amount) {
        uint64 from = _releasedEpochs;
        uint64 to = endedEpochs();
        if (to <= from) return 0;
        _releasedEpochs = to;
        amount = scheduledBetween(from, to);
        // Checked: the token never lets its supply exceed its cap.
        uint256 room = _token.cap() - _token.totalSupply();
        if (amount > room) amount = room;
        if (amount != 0) {
            _token.mint(address(this), amount);
            _token.forceApprove(address(_distributor), amount);
            _distributor.fund(amount);
        }
        emit EmissionReleased(from, to, amount);
    }

    /// @inheritdoc IEmissions
    function emissionOf(uint64 epoch) public view returns (uint256) {
        if (_halvingInterval == 0) return _initialEpochEmission;
        uint256 halvings = epoch / _halvingInterval;
        return halvings >= 256 ? 0 : _initialEpochEmission >> halvings;
    }

    /**
     * @dev The scheduled emission of epochs `[from, to)`, one step per halving period. Saturates at
     * `type(uint256).max` instead of overflowing, so that an extreme schedule is clamped by the cap
     * in {release} rather than blocking it forever.
     */
    function scheduledBetween(uint64 from, uint64 to) public view returns (uint256 total) {
        while (from < to) {
            uint64 periodEnd = to;
            if (_halvingInterval != 0) {
                uint256 nextHalving = (uint256(from) / _halvingInterval + 1) * _halvingInterval;
                if (nextHalving < to) periodEnd = uint64(nextHalving);
            }
            uint256 perEpoch = emissionOf(from);
            if (perEpoch == 0) break;
            (bool fits, uint256 period) = Math.tryMul(perEpoch, periodEnd - from);
            (bool sums, uint256 sum) = Math.tryAdd(total, period);
            if (!fits || !sums) return type(uint256).max;
            total = sum;
            from = periodEnd;
        }
    }

    /// @dev How many epochs have fully ended at the current block.
    function endedEpochs() public view returns (uint64) {
        if (block.timestamp < _genesisTime) return 0;
        return uint64((block.timestamp - _genesisTime) / _epochDuration);
    }

    /// @dev The epoch containing `timestamp`. Reverts before genesis.
    function epochAt(uint64 timestamp) external view returns (uint64) {
        if (timestamp < _genesisTime) revert InvalidSchedule("timestamp before genesis");
        return (timestamp - _genesisTime) / _epochDuration;
    }

    /// @dev How many epochs have been released (`[0, releasedEpochs)`).
    function releasedEpochs() external view returns (uint64) {
        return _releasedEpochs;
    }

    /// @dev The schedule's parameters.
    function schedule() external view returns (Schedule memory) {
        return Schedule(_genesisTime, _epochDuration, _initialEpochEmission, _halvingInterval);
    }

    /// @dev The token this contract mints.
    function token() external view returns (IMintableToken) {
        return _token;
    }

    /// @dev The distributor this contract funds.
    function distributor() external view returns (RewardDistributor) {
        return _distributor;
    }
}
