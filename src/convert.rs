//! Float-to-integer conversions with range checks: the crate's one place for `as` casts from
//! floats, so no conversion truncates or wraps silently.

/// `x` truncated toward zero, if it is finite and fits in a `usize`.
pub(crate) fn f64_to_usize(x: f64) -> Option<usize> {
    // usize::MAX as f64 rounds up to 2^64, which does not fit: compare with `<`.
    (x.is_finite() && x >= 0.0 && x < usize::MAX as f64).then(|| {
        // In range, checked above: the cast only drops the fraction.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = x as usize;
        n
    })
}

/// `x` truncated toward zero, if it is finite and fits in a `u32`.
pub(crate) fn f64_to_u32(x: f64) -> Option<u32> {
    (x.is_finite() && x >= 0.0 && x <= f64::from(u32::MAX)).then(|| {
        // In range, checked above: the cast only drops the fraction.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = x as u32;
        n
    })
}

/// `x` truncated toward zero, if it is finite and fits in an `i32`.
pub(crate) fn f64_to_i32(x: f64) -> Option<i32> {
    (x.is_finite() && x >= f64::from(i32::MIN) && x <= f64::from(i32::MAX)).then(|| {
        // In range, checked above: the cast only drops the fraction.
        #[allow(clippy::cast_possible_truncation)]
        let n = x as i32;
        n
    })
}

/// `x` rounded and clamped to 0..=255 (NaN gives 0).
#[cfg_attr(not(feature = "charts"), allow(dead_code))]
pub(crate) fn f64_to_u8_saturating(x: f64) -> u8 {
    if x.is_nan() {
        return 0;
    }
    let r = x.round().clamp(0.0, 255.0);
    // Clamped to 0..=255 above.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = r as u8;
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_check_their_range() {
        assert_eq!(f64_to_usize(3.9), Some(3));
        assert_eq!(f64_to_usize(-1.0), None);
        assert_eq!(f64_to_usize(f64::NAN), None);
        assert_eq!(f64_to_usize(1e300), None);
        assert_eq!(f64_to_u32(4_294_967_295.0), Some(u32::MAX));
        assert_eq!(f64_to_u32(4_294_967_296.0), None);
        assert_eq!(f64_to_i32(-2.5), Some(-2));
        assert_eq!(f64_to_i32(3e9), None);
        assert_eq!(f64_to_u8_saturating(300.0), 255);
        assert_eq!(f64_to_u8_saturating(-3.0), 0);
        assert_eq!(f64_to_u8_saturating(f64::NAN), 0);
    }
}
