// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ICreditPrice} from "../../interfaces/ICreditPrice.sol";

/**
 * @dev A credit price set by governance: the default source of a new network (a devnet starts at
 * 100,000 credits per token, a token at $1 with Helium's 1 credit = $0.00001), and the fallback of a
 * network whose token has no market to read a price from yet.
 *
 * Its `updatedAt` is always the current block's timestamp: governance vouches for its price
 * continuously, until it sets another, so {Credits}' maximum price age never rejects it. The price is
 * as fresh as governance's attention: a change goes through the timelock (two days in production),
 * so a network whose token trades should move to a market-fed source (QuorumPrice or
 * ChainlinkPrice) once it has one. Unlike Helium's Pyth price it has no confidence interval to
 * subtract: governance should set it conservatively (fewer credits per token).
 */
contract GovernedPrice is ICreditPrice, AccessControl {
    /// @dev A price of zero credits per token was given.
    error ZeroPrice();

    /// @notice Governance set the price to `creditsPerToken` credits per whole token.
    event CreditPriceChanged(uint256 creditsPerToken);

    uint256 private _creditsPerToken;

    /**
     * @param admin governance (the timelock): receives `DEFAULT_ADMIN_ROLE`, which sets the price
     * @param creditsPerToken_ the first price, in credits per whole token (10^18 base units)
     */
    constructor(address admin, uint256 creditsPerToken_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setCreditsPerToken(creditsPerToken_);
    }

    /// @dev Sets the price. Requirements: the caller is governance; the price is not zero.
    function setCreditsPerToken(uint256 creditsPerToken_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCreditsPerToken(creditsPerToken_);
    }

    /// @inheritdoc ICreditPrice
    function creditsPerToken() external view returns (uint256 price, uint64 updatedAt) {
        return (_creditsPerToken, uint64(block.timestamp));
    }

    function _setCreditsPerToken(uint256 creditsPerToken_) private {
        if (creditsPerToken_ == 0) revert ZeroPrice();
        _creditsPerToken = creditsPerToken_;
        emit CreditPriceChanged(creditsPerToken_);
    }
}
