// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @dev Validation of H3 cell indexes (Uber's hexagonal grid, v4 bit layout) so that a location
 * asserted on chain is a real cell that off-chain code (h3-js, h3 in Rust) will accept.
 *
 * Layout of the 64 bits, high to low: 1 reserved bit (0), 4 mode bits (1 = cell), 3 reserved bits
 * (0 for cells), 4 resolution bits, 7 base-cell bits (0..121), then fifteen 3-bit digits. Digits up
 * to the resolution are 0..6; digits past it are 7. Cells under one of the 12 pentagon base cells
 * never have 1 as their first non-zero digit (that sub-sequence is deleted from the pentagon).
 * This mirrors `isValidCell` in the H3 C library.
 */
library H3 {
    uint256 private constant _MODE_CELL = 1;
    uint256 private constant _BASE_CELL_COUNT = 122;
    uint256 private constant _MAX_RESOLUTION = 15;
    uint256 private constant _INVALID_DIGIT = 7;
    /// @dev The deleted "k-axes" digit of pentagons.
    uint256 private constant _K_AXES_DIGIT = 1;
    /// @dev Bit i set when base cell i is a pentagon: 4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117.
    uint256 private constant _PENTAGON_BASE_CELLS =
        (1 << 4) | (1 << 14) | (1 << 24) | (1 << 38) | (1 << 49) | (1 << 58) | (1 << 63) | (1 << 72)
            | (1 << 83) | (1 << 97) | (1 << 107) | (1 << 117);

    /// @dev Whether `index` is a valid H3 cell index.
    function isValidCell(uint64 index) internal pure returns (bool) {
        uint256 h = index;
        if ((h >> 59) != _MODE_CELL) return false; // also rejects the high reserved bit
        if ((h >> 56) & 0x7 != 0) return false;
        uint256 baseCell = (h >> 45) & 0x7f;
        if (baseCell >= _BASE_CELL_COUNT) return false;
        uint256 resolution = (h >> 52) & 0xf;
        bool isPentagon = (_PENTAGON_BASE_CELLS >> baseCell) & 1 == 1;
        bool seenNonZero = false;
        for (uint256 r = 1; r <= _MAX_RESOLUTION; ++r) {
            uint256 digit = (h >> ((_MAX_RESOLUTION - r) * 3)) & 0x7;
            if (r > resolution) {
                if (digit != _INVALID_DIGIT) return false;
                continue;
            }
            if (digit == _INVALID_DIGIT) return false;
            if (!seenNonZero && digit != 0) {
                seenNonZero = true;
                if (isPentagon && digit == _K_AXES_DIGIT) return false;
            }
        }
        return true;
    }

    /// @dev The resolution (0..15) of a cell index; meaningful only for a valid cell.
    function resolutionOf(uint64 index) internal pure returns (uint8) {
        return uint8((index >> 52) & 0xf);
    }
}
