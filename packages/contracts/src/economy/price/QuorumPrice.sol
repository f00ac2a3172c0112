// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ICreditPrice} from "../../interfaces/ICreditPrice.sol";
import {IOracleSet} from "../../interfaces/IOracleSet.sol";
import {OracleQuorum} from "../../libraries/OracleQuorum.sol";

/**
 * @dev A credit price signed by a quorum of the network's oracles (the RewardDistributor's current
 * set, see {IOracleSet}): each oracle observes the token's market price, and they sign the same
 * EIP-712 `PriceUpdate(uint256 creditsPerToken,uint64 observedAt,uint32 version)`. Anyone submits it
 * with {update}; a price only ever moves forward in time, and is never from the future. How old a
 * price may be when credits are bought is {Credits}' `maxPriceAge` (Helium: 10 minutes), not this
 * contract's business.
 *
 * Helium mints Data Credits at the Pyth EMA price minus twice its confidence, so that a buyer never
 * gets more credits than the token is surely worth; the oracles should sign the same kind of
 * conservative price (a moving average, less their spread), since nothing here can check it.
 */
contract QuorumPrice is ICreditPrice, EIP712 {
    /// @notice What the oracles sign.
    struct PriceUpdate {
        /// Credits per whole token (10^18 base units).
        uint256 creditsPerToken;
        /// When the oracles observed the price (unix seconds).
        uint64 observedAt;
        /// The oracle set's version when signed.
        uint32 version;
    }

    /// @dev The largest price this contract stores (it packs the price beside its time in one slot).
    uint256 public constant MAX_PRICE = type(uint192).max;

    bytes32 private constant _PRICE_UPDATE_TYPEHASH =
        keccak256("PriceUpdate(uint256 creditsPerToken,uint64 observedAt,uint32 version)");

    /// @dev The price was observed at `observedAt`, not after the current one's `latestObservedAt`.
    error PriceNotNewer(uint64 observedAt, uint64 latestObservedAt);
    /// @dev The price was observed at `observedAt`, after the current block's `timestamp`.
    error PriceFromFuture(uint64 observedAt, uint64 timestamp);
    /// @dev A price of zero, or above {MAX_PRICE}.
    error PriceOutOfRange(uint256 creditsPerToken, uint256 maxPrice);
    /// @dev Signed under oracle-set `version`, where the current one is `currentVersion` (the distributor's error).
    error StaleOracleSetVersion(uint32 version, uint32 currentVersion);
    /// @dev The oracle set given at construction is not a contract.
    error NotAContract(address account);

    /// @notice The oracles' price `creditsPerToken`, observed at `observedAt`, signed under `version`, is now the price.
    event CreditPriceUpdated(uint256 creditsPerToken, uint64 observedAt, uint32 version);

    IOracleSet private immutable _oracles;
    uint192 private _creditsPerToken;
    uint64 private _observedAt;

    /// @param oracles_ the oracle set whose quorum signs prices: the RewardDistributor
    constructor(address oracles_) EIP712("Pinion QuorumPrice", "1") {
        if (oracles_.code.length == 0) revert NotAContract(oracles_);
        _oracles = IOracleSet(oracles_);
    }

    /**
     * @dev Makes `priceUpdate` the price. `signatures`: 64-byte compact (EIP-2098) signatures of
     * {priceUpdateDigest} by a quorum of current oracles, in ascending signer order.
     *
     * Requirements: the price is not zero and at most {MAX_PRICE}; it was observed after the current
     * price and not after this block; it was signed under the current oracle-set version by a quorum.
     */
    function update(PriceUpdate calldata priceUpdate, bytes calldata signatures) external {
        uint256 price = priceUpdate.creditsPerToken;
        if (price == 0 || price > MAX_PRICE) revert PriceOutOfRange(price, MAX_PRICE);
        uint64 observedAt = priceUpdate.observedAt;
        uint64 latest = _observedAt;
        if (observedAt <= latest) revert PriceNotNewer(observedAt, latest);
        if (observedAt > block.timestamp) revert PriceFromFuture(observedAt, uint64(block.timestamp));
        uint32 currentVersion = _oracles.oracleSetVersion();
        if (priceUpdate.version != currentVersion) revert StaleOracleSetVersion(priceUpdate.version, currentVersion);
        OracleQuorum.check(_oracles, priceUpdateDigest(priceUpdate), signatures);
        _creditsPerToken = uint192(price);
        _observedAt = observedAt;
        emit CreditPriceUpdated(price, observedAt, priceUpdate.version);
    }

    /// @notice The EIP-712 digest the oracles sign for `priceUpdate`.
    function priceUpdateDigest(PriceUpdate calldata priceUpdate) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    _PRICE_UPDATE_TYPEHASH, priceUpdate.creditsPerToken, priceUpdate.observedAt, priceUpdate.version
                )
            )
        );
    }

    /// @inheritdoc ICreditPrice
    /// @dev (0, 0) until the first update: {Credits} refuses it as a zero price.
    function creditsPerToken() external view returns (uint256 price, uint64 updatedAt) {
        return (_creditsPerToken, _observedAt);
    }

    /// @notice The oracle set whose quorum signs prices.
    function oracles() external view returns (address) {
        return address(_oracles);
    }
}
