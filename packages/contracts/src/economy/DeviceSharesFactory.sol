// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {DeviceShares} from "./DeviceShares.sol";

/**
 * @dev Creates one {DeviceShares} per device: a minimal clone of one implementation (deployed with the
 * factory), the device id its immutable argument, created with CREATE2 salted by the device id. Its
 * address depends on the device alone ({predictShares}), so anyone (an explorer, the oracle) can tell
 * whether a device's rewards recipient is that device's shares. A clone costs a tenth of deploying
 * the ERC-20 anew for each device.
 *
 * Only the device's current owner (its ERC-721 owner in the registry) may create its shares, and
 * chooses who holds the fixed supply. Creating them does not redirect the device's rewards: the owner
 * then calls `DeviceRegistry.setRecipient(deviceId, shares)`, and may point the rewards elsewhere
 * again at any time. A device has shares once: a later owner of the device cannot create a second set
 * (it can buy the shares, or pay the device's rewards to a {RewardSplit} instead). A transfer of the
 * device clears its recipient (DeviceRegistry), so the shares earn only while the device's owner keeps
 * its rewards pointed at them: holders trust the device's owner for that, as nothing here can hold a
 * device's recipient in place.
 */
contract DeviceSharesFactory {
    /// @dev A constructor argument is not a contract.
    error NotAContract(address account);
    /// @dev `caller` is not the current owner of `deviceId`.
    error NotDeviceOwner(uint256 deviceId, address caller);
    /// @dev `deviceId` already has its shares, at `shares`.
    error SharesExist(uint256 deviceId, address shares);

    /// @notice Emitted when `owner` created `shares` for `deviceId`, with `supply` shares in all.
    event SharesCreated(uint256 indexed deviceId, address indexed shares, address indexed owner, uint256 supply);

    IERC721 private immutable _registry;
    address private immutable _implementation;

    /**
     * @param token_ the network's PinionToken: the rewards the shares divide
     * @param registry_ the network's DeviceRegistry: who owns each device
     * @param distributor_ the network's RewardDistributor, which the shares claim from
     */
    constructor(address token_, address registry_, address distributor_) {
        if (token_.code.length == 0) revert NotAContract(token_);
        if (registry_.code.length == 0) revert NotAContract(registry_);
        if (distributor_.code.length == 0) revert NotAContract(distributor_);
        _registry = IERC721(registry_);
        _implementation = address(new DeviceShares(IERC20(token_), IRewardDistributor(distributor_)));
    }

    /**
     * @dev Creates `deviceId`'s shares at {predictShares}'s address and mints `amounts[i]` of them to
     * `holders[i]`; returns the address.
     *
     * Requirements: the caller owns the device; the device has no shares yet; the holders and amounts
     * are valid (see {DeviceShares-mintShares}, whose errors this reverts with).
     */
    function createShares(uint256 deviceId, address[] calldata holders, uint256[] calldata amounts)
        external
        returns (address shares)
    {
        _checkOwner(deviceId);
        shares = predictShares(deviceId);
        if (shares.code.length != 0) revert SharesExist(deviceId, shares);
        Clones.cloneDeterministicWithImmutableArgs(_implementation, abi.encode(deviceId), bytes32(deviceId));
        DeviceShares(shares).mintShares(holders, amounts);
        emit SharesCreated(deviceId, shares, msg.sender, DeviceShares(shares).totalSupply());
    }

    /// @notice The address of `deviceId`'s shares, whether created yet or not.
    function predictShares(uint256 deviceId) public view returns (address) {
        return Clones.predictDeterministicAddressWithImmutableArgs(_implementation, abi.encode(deviceId), bytes32(deviceId));
    }

    /// @notice `deviceId`'s shares, or the zero address if they were not created.
    function sharesOf(uint256 deviceId) external view returns (address) {
        address shares = predictShares(deviceId);
        return shares.code.length == 0 ? address(0) : shares;
    }

    /// @notice The DeviceShares every device's shares are a clone of.
    function implementation() external view returns (address) {
        return _implementation;
    }

    /// @notice The network's token.
    function token() external view returns (address) {
        return DeviceShares(_implementation).token();
    }

    /// @notice The network's device registry.
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @notice The network's reward distributor.
    function distributor() external view returns (address) {
        return DeviceShares(_implementation).distributor();
    }

    /// @dev Reverts unless the caller owns `deviceId`; nobody owns a device that does not exist (any more).
    function _checkOwner(uint256 deviceId) private view {
        try _registry.ownerOf(deviceId) returns (address owner) {
            if (owner == msg.sender) return;
        } catch {}
        revert NotDeviceOwner(deviceId, msg.sender);
    }
}
