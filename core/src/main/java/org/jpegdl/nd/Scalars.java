package org.jpegdl.nd;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for arithmetic that autograd may differentiate: use {@code x.mul(Scalars.like(x, s))}, never
 * {@code x.mul(s)} with a Java number, wherever a gradient can flow through {@code x}.
 *
 * <p>DJL's PyTorch engine turns a number operand of {@code mul}, {@code div}, {@code maximum}, {@code minimum} and
 * {@code pow} into a temporary array that wraps a direct buffer without copying it, and closes that array as soon as
 * the operation returns. Autograd keeps the operand for the backward pass; once the garbage collector has freed the
 * buffer, the backward reads freed memory. Measured here: every gradient through {@code x.mul(3.0)} came out 0 when a
 * collection ran between forward and backward ({@code ScalarsTest}). An array made here lives on the operand's manager
 * until that manager is closed, which is after the backward pass. {@code add}, {@code sub} and {@code clip} do not
 * keep their number operand and are safe with plain numbers.
 */
public final class Scalars {

    private Scalars() {}

    /** A 0-dimensional array holding {@code value}, of {@code like}'s type, on its device and manager. */
    public static NDArray like(NDArray like, double value) {
        return like.getManager().create(value).toType(like.getDataType(), false).toDevice(like.getDevice(), false);
    }
}
