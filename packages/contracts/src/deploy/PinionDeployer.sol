// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {CREATE3} from "solady/src/utils/CREATE3.sol";

/**
 * @dev Deploys contracts at addresses that depend only on who deploys and a salt: never on a nonce,
 * a contract's constructor arguments, or the order of deployment. A network's addresses are known
 * before anything is deployed (so contracts that name each other need no setup step), a deployment
 * can be resumed after a failure, and a transaction sent meanwhile from the same account changes
 * nothing. Solady's CREATE3 does the work.
 *
 * Each caller has its own address space: the salt is hashed with `msg.sender`, so nobody can occupy
 * an address another account will deploy to.
 *
 * The SDK deploys this contract itself through the deterministic deployment proxy
 * (0x4e59b44847b379578588920cA78FbF26c0B4956C, present on anvil and most chains), so it has the same
 * address on every chain with the same bytecode.
 */
contract PinionDeployer {
    /// @notice Emitted when `deployer` deployed `deployed` with `salt`.
    event Deployed(address indexed deployer, bytes32 indexed salt, address deployed);

    /**
     * @dev Deploys `initCode` (creation code and constructor arguments) at
     * `predict(msg.sender, salt)`, forwarding `msg.value`. Reverts if that address is taken.
     */
    function deploy(bytes32 salt, bytes calldata initCode) external payable returns (address deployed) {
        deployed = CREATE3.deployDeterministic(msg.value, initCode, _salt(msg.sender, salt));
        emit Deployed(msg.sender, salt, deployed);
    }

    /// @dev The address `deployer` deploys to with `salt`.
    function predict(address deployer, bytes32 salt) external view returns (address) {
        return CREATE3.predictDeterministicAddress(_salt(deployer, salt));
    }

    function _salt(address deployer, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(deployer, salt));
    }
}
