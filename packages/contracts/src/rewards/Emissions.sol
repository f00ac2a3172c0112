// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Arrays} from "@openzeppelin/contracts/utils/Arrays.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICredits} from "../interfaces/ICredits.sol";
import {IEmissions} from "../interfaces/IEmissions.sol";
import {IMintableToken} from "../interfaces/IMintableToken.sol";
import {RewardDistributor} from "./RewardDistributor.sol";

/**
 * @dev The token's only minter. Epoch `e` covers `[genesisTime + e·epochDuration,
 * genesisTime + (e+1)·epochDuration)`; once it has ended, anyone may {release} it: its emission,
 * `initialEpochEmission >> (e / halvingInterval)`, plus its net emission (below), is minted and
 * funds the {RewardDistributor}.
 *
 * The schedule halves like Helium's (HIP-20: halvings every two years) and Bitcoin's, and stops at
 * the token's cap: whatever the cap leaves no room for is not minted. Supply burnt later (fees,
 * service credits) makes room again.
 *
 * Net emissions (HIP-20): on top of the schedule, each epoch re-mints the tokens burnt for service
 * credits in it, up to a cap per epoch ({Credits.netEmissionOf}; Helium: up to 1,643.83561643 HNT
 * per epoch). Both are final once the epoch has ended (burns count toward the running epoch, and the
 * cap changes only from the next one), so a released epoch's due never changes. An epoch's due is
 * {totalEmissionOf}: `emissionOf(e) + credits.netEmissionOf(e)`.
 *
 * Every release is recorded, so that {emissionReleasedFor} can say what each epoch was actually
 * paid, net emission included: the oracles size an epoch's rewards from it, never from the uncapped
 * {emissionOf}, so a root's total never runs ahead of funding once the cap bites.
 *
 * Nothing here reads the wall clock beyond `block.timestamp`, and the parameters are constructor
 * inputs, never constants.
 */
contract Emissions is IEmissions {
    using SafeERC20 for IMintableToken;
    using Arrays for uint256[];

    /// @dev A release packs its end epoch above its amount: the token caps supply below 2^192.
    uint256 private constant _AMOUNT_BITS = 192;

    IMintableToken private immutable _token;
    RewardDistributor private immutable _distributor;
    ICredits private immutable _credits;
    uint64 private immutable _genesisTime;
    uint64 private immutable _epochDuration;
    uint256 private immutable _initialEpochEmission;
    uint64 private immutable _halvingInterval;

    /// @dev Epochs `[0, _releasedEpochs)` have been released.
    uint64 private _releasedEpochs;
    /**
     * @dev One word per release, in order: `toEpoch << 192 | amount`, covering epochs from the
     * previous release's `toEpoch` (0 for the first). Sorted, since `toEpoch` only grows.
     */
    uint256[] private _releases;

    /**
     * @param token_ the token this contract mints (its only minter)
     * @param distributor_ the reward distributor it funds
     * @param credits_ the service credits, whose burns per epoch are re-minted (net emissions)
     * @param schedule_ the emission schedule; Credits must have the same genesis time and epoch duration
     */
    constructor(IMintableToken token_, RewardDistributor distributor_, ICredits credits_, Schedule memory schedule_) {
        if (schedule_.epochDuration == 0) revert InvalidSchedule("epochDuration");
        if (schedule_.initialEpochEmission == 0) revert InvalidSchedule("initialEpochEmission");
        _token = token_;
        _distributor = distributor_;
        _credits = credits_;
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
        amount = totalEmissionBetween(from, to);
        // Checked: the token never lets its supply exceed its cap.
        uint256 room = _token.cap() - _token.totalSupply();
        if (amount > room) amount = room;
        // amount <= room <= cap < 2^192 for a PinionToken (its constructor checks the cap).
        _releases.push(uint256(to) << _AMOUNT_BITS | SafeCast.toUint192(amount));
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
     * @dev What was minted for `epoch`, net emission included. A release covering epochs `[from, to)`
     * minted `min(totalEmissionBetween(from, to), room under the cap)`; it is attributed to its epochs
     * in epoch order, each taking its whole due while any is left:
     * `clamp(amount - totalEmissionBetween(from, epoch), 0, totalEmissionOf(epoch))`. So the epochs
     * of a release add up to exactly what it minted, and every epoch after the cap bit gets 0 until
     * burns make room (the next release then mints into it, for its own epochs).
     *
     * Reverts with {EpochNotReleased} until `epoch` is released.
     */
    function emissionReleasedFor(uint64 epoch) external view returns (uint256) {
        if (epoch >= _releasedEpochs) revert EpochNotReleased(epoch, _releasedEpochs);
        // The first release whose end is above `epoch` covers it.
        uint256 index = _releases.lowerBound((uint256(epoch) + 1) << _AMOUNT_BITS);
        uint256 packed = _releases[index];
        uint256 amount = packed & type(uint192).max;
        uint64 from = index == 0 ? 0 : uint64(_releases[index - 1] >> _AMOUNT_BITS);
        uint256 before = totalEmissionBetween(from, epoch);
        if (amount <= before) return 0;
        return Math.min(amount - before, totalEmissionOf(epoch));
    }

    /// @dev What `epoch` is due before the token's cap: its scheduled emission plus its net emission.
    function totalEmissionOf(uint64 epoch) public view returns (uint256) {
        return Math.saturatingAdd(emissionOf(epoch), _credits.netEmissionOf(epoch));
    }

    /**
     * @dev What epochs `[from, to)` are due before the token's cap: {scheduledBetween} plus their net
     * emissions, saturating at `type(uint256).max` like it.
     */
    function totalEmissionBetween(uint64 from, uint64 to) public view returns (uint256) {
        if (from >= to) return 0;
        return Math.saturatingAdd(scheduledBetween(from, to), _credits.netEmissionBetween(from, to));
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

    /// @dev The service credits whose burns are re-minted.
    function credits() external view returns (ICredits) {
        return _credits;
    }

    /// @dev The distributor this contract funds.
    function distributor() external view returns (RewardDistributor) {
        return _distributor;
    }
}
