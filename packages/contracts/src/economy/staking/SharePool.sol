// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @dev The arithmetic of a pool of tokens held by many for shares, so that a slash of the pool takes
 * from every holder pro rata without a loop over them (Cosmos x/staking's delegator shares, Streamr's
 * operator tokens). Both directions round toward zero: a depositor gets the shares its tokens buy,
 * rounded down; a redeemer gets what its shares are worth, rounded down. Dust stays in the pool, and
 * the last holder out takes it.
 *
 * Invariants (by construction): a pool holds tokens exactly when it has shares; and a share is never
 * worth more than a token (tokens <= shares), since tokens enter at the current price rounded in the
 * pool's favour and only slashes change the price. So a deposit of n tokens always buys at least n
 * shares, never zero.
 *
 * A slash that empties a pool, or leaves its shares worth less than 1 / MAX_SHARES_PER_TOKEN of a
 * token each, takes everything and starts the pool afresh (its owner bumps a generation that voids
 * the old shares): a share price that low would make later deposits' share counts overflow, and what
 * is left is dust by then.
 */
library SharePool {
    /**
     * @dev The lowest a share may be worth: a billionth of a token. A pool slashed below it is
     * emptied. With amounts bounded by the token's cap (at most 2^192), share counts stay below 2^222.
     */
    uint256 internal constant MAX_SHARES_PER_TOKEN = 1e9;

    /// @dev The shares `amount` tokens buy in a pool of `tokens` for `shares`, rounded down.
    function sharesFor(uint256 amount, uint256 tokens, uint256 shares) internal pure returns (uint256) {
        return shares == 0 ? amount : Math.mulDiv(amount, shares, tokens);
    }

    /// @dev What `held` shares of a pool of `tokens` for `shares` are worth, rounded down.
    function tokensFor(uint256 held, uint256 tokens, uint256 shares) internal pure returns (uint256) {
        return shares == 0 ? 0 : Math.mulDiv(held, tokens, shares);
    }

    /// @dev Whether a pool left with `tokens` for `shares` after a slash is to be emptied.
    function exhausted(uint256 tokens, uint256 shares) internal pure returns (bool) {
        return tokens == 0 || shares / MAX_SHARES_PER_TOKEN > tokens;
    }
}
