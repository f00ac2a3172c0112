// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @dev The network's service credits (Helium's Data Credits): bought by burning the token at a price,
 * non-transferable, delegated to a service key whose usage the oracles settle, or spent on chain by
 * markets. See {Credits}.
 */
interface ICredits {
    /**
     * @notice One settled unit of usage: `credits` burnt from the escrow of `serviceKey` (for
     * wireless, the router's ed25519 public key) for service by `deviceId`. `id` is the oracles'
     * id of the receipt; each id settles once, ever.
     */
    struct Receipt {
        bytes32 id;
        bytes32 serviceKey;
        bytes32 deviceId;
        uint256 credits;
    }

    // ───────────────────────────── errors ─────────────────────────────

    /// @dev The price source's price was last updated at `updatedAt`, more than `maxAge` seconds ago.
    error StalePrice(uint64 updatedAt, uint64 maxAge);
    /// @dev The price source answered a price of zero credits per token.
    error ZeroPrice();
    /// @dev `tokens` buy no whole credit at `price` credits per token.
    error ZeroCredits(uint256 tokens, uint256 price);
    /// @dev An amount of zero credits was given.
    error ZeroAmount();
    /// @dev Credits cannot be minted to, or spent by, `account` (the zero address).
    error InvalidAccount(address account);
    /// @dev `account` is not a contract, where one is needed (the token, the oracle set, a price source).
    error NotAContract(address account);
    /// @dev `account` holds `balance` credits, fewer than the `requested`.
    error InsufficientCredits(address account, uint256 balance, uint256 requested);
    /// @dev `spender` may spend `allowance` of `account`'s credits, fewer than the `requested`.
    error InsufficientAllowance(address account, address spender, uint256 allowance, uint256 requested);
    /// @dev Credits were delegated to the zero service key, which no receipt can name meaningfully.
    error ZeroServiceKey();
    /// @dev A payment reference of zero: every payment needs a reference of its own.
    error ZeroPaymentRef();
    /// @dev The payment `paymentRef` was already turned into credits.
    error PaymentAlreadyRecorded(bytes32 paymentRef);
    /// @dev Minting `requested` credits for payments in `epoch`, where `mintedSoFar` were, would exceed `cap`.
    error PaymentCapExceeded(uint64 epoch, uint256 mintedSoFar, uint256 requested, uint256 cap);
    /// @dev An epoch duration of zero was given.
    error ZeroEpochDuration();
    /// @dev A net emission cap above the largest token cap (`max`, 2^192 - 1).
    error NetEmissionCapTooLarge(uint256 cap, uint256 max);
    /// @dev Receipts of `epoch` were given, where the next epoch to settle is `nextEpoch` or later.
    error EpochAlreadySettled(uint64 epoch, uint64 nextEpoch);
    /// @dev Receipts of `epoch` were given before it ended (`currentEpoch` is running).
    error EpochNotEnded(uint64 epoch, uint64 currentEpoch);
    /// @dev Signed under oracle-set `version`, where the current one is `currentVersion` (same as the distributor's).
    error StaleOracleSetVersion(uint32 version, uint32 currentVersion);
    /// @dev The receipt `id` was settled before.
    error ReceiptAlreadySettled(bytes32 id);
    /// @dev The receipt `id` charges `credits` to `serviceKey`, whose escrow holds only `balance`.
    error ReceiptOverBalance(bytes32 id, bytes32 serviceKey, uint256 balance, uint256 credits);

    // ───────────────────────────── events ─────────────────────────────

    /// @notice `payer` burnt `tokens` for `credits` credited to `account`, at `price` credits per token, in `epoch`.
    event CreditsBought(
        address indexed payer, address indexed account, uint256 tokens, uint256 credits, uint256 price, uint64 epoch
    );
    /// @notice `operator` minted `credits` to `account` for the off-chain payment `paymentRef`, in `epoch`.
    event CreditsMintedForPayment(
        address indexed operator, address indexed account, uint256 credits, bytes32 indexed paymentRef, uint64 epoch
    );
    /// @notice `account` delegated `credits` to `serviceKey`, whose escrow now holds `escrowTotal`.
    event CreditsDelegated(address indexed account, bytes32 indexed serviceKey, uint256 credits, uint256 escrowTotal);
    /// @notice `account` allowed `spender` to spend `credits` of its credits.
    event CreditsSpendingApproved(address indexed account, address indexed spender, uint256 credits);
    /// @notice `spender` spent (burnt) `credits` of `account`'s credits, for what `memo` says.
    event CreditsSpent(address indexed account, address indexed spender, uint256 credits, bytes32 memo);
    /// @notice The receipt `id` burnt `credits` from `serviceKey`'s escrow, for `deviceId`'s service.
    event ReceiptSettled(bytes32 id, bytes32 indexed serviceKey, bytes32 indexed deviceId, uint256 credits);
    /// @notice The oracles' batch of `count` receipts of `epoch` settled, burning `totalCredits` in all.
    event ReceiptsSettled(uint64 indexed epoch, uint256 count, uint256 totalCredits);
    /// @notice Governance switched the price source from `previous` to `next`.
    event PriceSourceChanged(address previous, address next);
    /// @notice Governance set the oldest acceptable price to `maxAge` seconds.
    event MaxPriceAgeChanged(uint64 maxAge);
    /// @notice Governance set the most credits payment operators may mint per epoch to `cap`.
    event PaymentCapChanged(uint256 cap);
    /// @notice Governance set the net emission cap to `cap` tokens per epoch, in force from `fromEpoch`.
    event NetEmissionCapChanged(uint256 cap, uint64 fromEpoch);

    // ───────────────────────────── net emissions (read by Emissions) ─────────────────────────────

    /// @notice Tokens burnt for credits in `epoch`.
    function tokensBurnedIn(uint64 epoch) external view returns (uint256);

    /// @notice The tokens to re-mint for `epoch` (HIP-20 net emissions): `min(tokensBurnedIn, cap in force)`.
    function netEmissionOf(uint64 epoch) external view returns (uint256);

    /// @notice The sum of {netEmissionOf} over epochs `[fromEpoch, toEpoch)`.
    function netEmissionBetween(uint64 fromEpoch, uint64 toEpoch) external view returns (uint256);
}
