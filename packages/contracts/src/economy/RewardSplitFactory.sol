// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {RewardSplit} from "./RewardSplit.sol";

/**
 * @dev Creates {RewardSplit}s: minimal clones (OpenZeppelin `Clones`, EIP-1167, about 45 bytes of
 * code each) of one implementation, deployed with the factory and sharing its token and distributor.
 *
 * A split's address is `CREATE2(factory, keccak256(abi.encode(payees, shares, salt)), clone code)`:
 * it commits to the payees and their shares, so it can be known ({predictSplit}) before the split
 * exists, and nobody can put a split with other payees there. Anyone may create anyone's split: the
 * same arguments always give the same split, so creating it first takes nothing from anybody.
 *
 * A device's rewards can therefore go to a split before it is created: tokens paid to its address
 * (a `claimFor` naming it) wait there, and once the split is created they count as received like any
 * later ones.
 */
contract RewardSplitFactory {
    /// @dev A constructor argument is not a contract.
    error NotAContract(address account);
    /// @dev The split these arguments give already exists, at `split`.
    error SplitExists(address split);

    /**
     * @notice Emitted when `creator` created `split`, paying `payees` in proportion to `shares`
     * (`salt` told it apart from other splits with the same payees and shares).
     */
    event SplitCreated(address indexed split, address indexed creator, address[] payees, uint256[] shares, bytes32 salt);

    address private immutable _implementation;

    /**
     * @param token_ the network's PinionToken: what every split receives and pays
     * @param distributor_ the network's RewardDistributor, which splits claim from
     */
    constructor(address token_, address distributor_) {
        if (token_.code.length == 0) revert NotAContract(token_);
        if (distributor_.code.length == 0) revert NotAContract(distributor_);
        _implementation = address(new RewardSplit(IERC20(token_), IRewardDistributor(distributor_)));
    }

    /**
     * @dev Creates the split paying `payees` in proportion to `shares` at {predictSplit}'s address and
     * initialises it; returns its address.
     *
     * Requirements: the split does not exist yet; the payees and shares are valid (see
     * {RewardSplit-initialize}, whose errors this reverts with).
     */
    function createSplit(address[] calldata payees, uint256[] calldata shares, bytes32 salt)
        external
        returns (address split)
    {
        bytes32 cloneSalt = _cloneSalt(payees, shares, salt);
        split = Clones.predictDeterministicAddress(_implementation, cloneSalt);
        if (split.code.length != 0) revert SplitExists(split);
        Clones.cloneDeterministic(_implementation, cloneSalt);
        RewardSplit(split).initialize(payees, shares);
        emit SplitCreated(split, msg.sender, payees, shares, salt);
    }

    /// @notice The address of the split {createSplit} creates (or created) with these arguments.
    function predictSplit(address[] calldata payees, uint256[] calldata shares, bytes32 salt)
        external
        view
        returns (address)
    {
        return Clones.predictDeterministicAddress(_implementation, _cloneSalt(payees, shares, salt));
    }

    /// @notice The RewardSplit every split is a clone of (it can never be initialised itself).
    function implementation() external view returns (address) {
        return _implementation;
    }

    function _cloneSalt(address[] calldata payees, uint256[] calldata shares, bytes32 salt)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(payees, shares, salt));
    }
}
