/** NDArray helpers that every stage shares (safe scalar operands under autograd). */
package org.jpegdl.nd;
